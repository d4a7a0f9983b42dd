package io.logpipe.codec;

/** A decoder's reason for refusing input, with the 0-based column where it gave up. */
public final class ParseException extends Exception {
    private final int column;

    public ParseException(String reason, int column) {
        super(reason + " [col " + column + "]", null, false, false);
        this.column = column;
    }

    public int column() {
        return column;
    }
}

package io.logpipe.config;

/** One finding of the validator, printed as {@code file:line: cause} like a compiler error. */
public record Problem(String file, int line, String cause) {
    @Override
    public String toString() {
        return file + ":" + line + ": " + cause;
    }
}

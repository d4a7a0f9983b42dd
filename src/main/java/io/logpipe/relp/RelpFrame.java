package io.logpipe.relp;

/**
 * One RELP frame: {@code TXNR SP COMMAND SP DATALEN [SP DATA] LF}. {@code dataLength} is what the
 * header declared; {@code data} holds at most the listener's maximum frame size of it, and
 * {@code truncated} says when it holds less.
 */
public record RelpFrame(long txnr, String command, String data, int dataLength, boolean truncated) {}

package io.logpipe.relp;

import java.io.IOException;

/** The RELP server answered a message with something other than 200: it has not taken it. */
public class RelpRefusedException extends IOException {
    public RelpRefusedException(String message) {
        super(message);
    }
}

package io.logpipe.store;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/**
 * Where the next page starts: the last row's timestamp and id, in the order the pages run.
 * Opaque to clients (URL-safe base64), and checked when it comes back.
 */
public record PageCursor(boolean ascending, Instant ts, long id) {
    public String encode() {
        String text = (ascending ? "a" : "d") + "|" + ts + "|" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** @throws IllegalArgumentException when the text is not a cursor this API produced */
    public static PageCursor decode(String text) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).split("\\|");
            if (parts.length != 3 || !(parts[0].equals("a") || parts[0].equals("d")))
                throw new IllegalArgumentException();
            return new PageCursor(parts[0].equals("a"), Instant.parse(parts[1]), Long.parseLong(parts[2]));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "cursor '" + text + "' is not valid: pass next_cursor from a previous answer unchanged");
        }
    }
}

package io.logpipe.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * {@code LOGPIPE_JSON_TEXT(fields, 'a.b')} in the embedded H2 database, which has no JSON path
 * operator: the text at a path of a JSON document (a number as its digits, an object as JSON),
 * null when absent. Declared by migration h2/V2; reads the whole document per row, so it is meant
 * for the rows other conditions already narrowed.
 */
public final class H2JsonText {
    private static final ObjectMapper JSON = new ObjectMapper();

    private H2JsonText() {}

    public static String text(String json, String path) {
        if (json == null) return null;
        try {
            JsonNode at = JSON.readTree(json);
            // H2 hands a JSON column to a VARCHAR parameter as a JSON string holding the document
            if (at != null && at.isTextual()) at = JSON.readTree(at.asText());
            for (String k : path.split("\\.")) {
                if (at == null || !at.isObject()) return null;
                at = at.get(k);
            }
            if (at == null || at.isNull()) return null;
            return at.isValueNode() ? at.asText() : at.toString();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}

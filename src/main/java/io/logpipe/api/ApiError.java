package io.logpipe.api;

import io.logpipe.event.EventJson;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The one shape of every 4xx and 5xx the API answers: {@code {"error": "..."}}. */
final class ApiError {
    private ApiError() {}

    static Response badRequest(String message) {
        return status(400, message);
    }

    /** 503: the event database cannot be reached right now; the client may retry. */
    static Response unavailable(String message) {
        return status(503, message);
    }

    static Response notFound(String message) {
        return status(404, message);
    }

    /** 409: the request contradicts what exists (a token name taken, a token that only a setting can remove). */
    static Response conflict(String message) {
        return status(409, message);
    }

    static Response forbidden(String message) {
        return status(403, message);
    }

    private static Response status(int status, String message) {
        StringBuilder sb = new StringBuilder("{\"error\":");
        EventJson.quote(sb, message);
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON)
                .entity(sb.append('}').toString())
                .build();
    }
}

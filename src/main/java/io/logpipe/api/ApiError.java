package io.logpipe.api;

import io.logpipe.event.EventJson;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The one shape of every 4xx the API answers: {@code {"error": "..."}}. */
final class ApiError {
    private ApiError() {}

    static Response badRequest(String message) {
        StringBuilder sb = new StringBuilder("{\"error\":");
        EventJson.quote(sb, message);
        return Response.status(400).type(MediaType.APPLICATION_JSON).entity(sb.append('}').toString()).build();
    }
}

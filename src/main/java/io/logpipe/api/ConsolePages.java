package io.logpipe.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** The console is one page: /search, /tail, /hosts, /alerts, /pipeline and /parse serve it too, so those URLs can be bookmarked and shared. */
@Path("/")
public class ConsolePages {
    @GET
    @Path("{page: search|tail|hosts|alerts|pipeline|parse}")
    @Produces(MediaType.TEXT_HTML)
    public Response page() throws IOException {
        try (InputStream in = ConsolePages.class.getResourceAsStream("/META-INF/resources/index.html")) {
            if (in == null) return Response.status(404).build();
            return Response.ok(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                    .header("Cache-Control", "no-cache")
                    .header("X-Frame-Options", "DENY")
                    .header("Content-Security-Policy", ConsoleHeaders.CSP)
                    .build();
        }
    }
}

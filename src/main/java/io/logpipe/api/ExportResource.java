package io.logpipe.api;

import io.logpipe.event.EventJson;
import io.logpipe.event.LogEvent;
import io.logpipe.store.EventFilter;
import io.logpipe.store.EventPage;
import io.logpipe.store.EventQueries;
import io.logpipe.store.EventStore;
import io.logpipe.store.PageCursor;
import io.logpipe.store.StoreException;
import io.logpipe.store.StoredEvent;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * {@code GET /api/v1/export?as=ndjson|csv&limit=N&<event filters>}: the matching events, newest
 * first, streamed page by page (never all in memory), at most {@code limit} (default 10,000, at most
 * 1,000,000). CSV has the columns timestamp, received_at, host, app, procid, facility, severity,
 * source_ip, message; fields that could start a spreadsheet formula are quoted with a leading '.
 */
@Path("/api/v1/export")
public class ExportResource {
    static final int PAGE = 1000;

    @Inject
    EventStore store;

    @GET
    public Response export(@Context UriInfo uri) {
        EventFilter filter;
        String format;
        int limit;
        try {
            EventQueryParameters p = new EventQueryParameters(uri.getQueryParameters(), Set.of("as", "limit"));
            filter = p.filter(Instant.now(), null);
            // "as", not "format": format= filters on the events' own format (rfc3164, cef...)
            format = p.single("as") == null ? "ndjson" : p.single("as");
            if (!format.equals("ndjson") && !format.equals("csv"))
                throw new IllegalArgumentException("as must be ndjson or csv, not '" + format + "'");
            limit = p.integer("limit", 10_000, 1, 1_000_000);
        } catch (IllegalArgumentException e) {
            return ApiError.badRequest(e.getMessage());
        }
        boolean csv = format.equals("csv");
        EventFilter f = filter;
        int max = limit;
        StreamingOutput body = out -> {
            BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 65536);
            if (csv) w.write("timestamp,received_at,host,app,procid,facility,severity,source_ip,message\r\n");
            EventQueries search = store.queries();
            PageCursor cursor = null;
            int written = 0;
            try {
                do {
                    EventPage page = search.find(f, false, cursor, Math.min(PAGE, max - written));
                    for (StoredEvent row : page.events()) {
                        if (csv) csvLine(w, row.event());
                        else w.write(EventJson.toJson(row.event()) + "\n");
                        written++;
                    }
                    cursor = page.next();
                } while (cursor != null && written < max);
            } catch (StoreException | RuntimeException e) { // the status is sent already: say it in the body
                Logger.getLogger(ExportResource.class)
                        .warnf("export stopped after %d events: %s", written, e.toString());
                String why = String.valueOf(e.getMessage()).replace('\n', ' ').replace('\r', ' ');
                w.write(csv ? "# export stopped: " + why + "\r\n" : "{\"error\":" + quote(why) + "}\n");
            }
            w.flush();
        };
        String name = "logpipe-export." + (csv ? "csv" : "ndjson");
        return Response.ok(body, csv ? "text/csv; charset=utf-8" : "application/x-ndjson")
                .header("Content-Disposition", "attachment; filename=\"" + name + "\"")
                .build();
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder();
        EventJson.quote(sb, s);
        return sb.toString();
    }

    private static void csvLine(BufferedWriter w, LogEvent e) throws IOException {
        String[] v = {
            String.valueOf(e.getTimestamp()),
            String.valueOf(e.getReceivedAt()),
            e.getHost(),
            e.getApp(),
            e.getProcid(),
            e.getFacility(),
            e.getSeverity(),
            e.getSource() == null ? null : e.getSource().ip(),
            e.getMessage()
        };
        for (int i = 0; i < v.length; i++) {
            if (i > 0) w.write(',');
            w.write(csvField(v[i]));
        }
        w.write("\r\n");
    }

    /** RFC 4180 quoting; a value a spreadsheet would run as a formula gets a leading '. */
    static String csvField(String v) {
        if (v == null || v.equals("null")) return "";
        String s = v;
        if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) s = "'" + s;
        if (s.indexOf(',') >= 0
                || s.indexOf('"') >= 0
                || s.indexOf('\n') >= 0
                || s.indexOf('\r') >= 0
                || !s.equals(v)) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }
}

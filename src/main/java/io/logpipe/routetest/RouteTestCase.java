package io.logpipe.routetest;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One case of a route test file: lines into a named route, and what must come out.
 *
 * @param reaches sinks every event must reach, as written in the route ({@code logfile:auth.log}, {@code db:events})
 * @param avoids sinks no event may reach
 * @param dropped whether the events must reach no sink at all
 * @param fields field name to expected value (null: the field must be absent), checked on every event as
 *               the first sink of {@code reaches} got it, or as every sink got it when {@code reaches} is empty
 * @param receivedAt the receive time the decoder sees (RFC3164 lines take their year from it); null: now
 */
public record RouteTestCase(
        String file,
        int line,
        String name,
        String route,
        String format,
        List<String> inputs,
        List<String> reaches,
        List<String> avoids,
        boolean dropped,
        Map<String, String> fields,
        Instant receivedAt) {

    public String where() {
        return file + ":" + line;
    }
}

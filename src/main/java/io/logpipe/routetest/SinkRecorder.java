package io.logpipe.routetest;

import io.logpipe.event.EventJson;
import io.logpipe.event.EventJsonReader;
import io.logpipe.event.LogEvent;
import java.util.ArrayList;
import java.util.List;

/** What the sinks of routes under test were sent, in order: the sink as the route names it, and a copy of the event at that moment. */
public final class SinkRecorder {
    /** One send: {@code event} is null when the body was not an event (then {@code body} says what it was). */
    public record Sent(String sink, LogEvent event, String body) {}

    private final List<String> sinks = new ArrayList<>();
    private final List<Sent> sent = new ArrayList<>();

    /** Registers a sink URI; the index names it in the recording endpoint's URI. */
    synchronized int register(String sinkUri) {
        sinks.add(sinkUri);
        return sinks.size() - 1;
    }

    synchronized void record(int sink, Object body) {
        String name = sinks.get(sink);
        if (body instanceof LogEvent e) sent.add(new Sent(name, EventJsonReader.read(EventJson.toJson(e)), null));
        else sent.add(new Sent(name, null, String.valueOf(body)));
    }

    public synchronized List<Sent> takeAll() {
        List<Sent> out = List.copyOf(sent);
        sent.clear();
        return out;
    }
}

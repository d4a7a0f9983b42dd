package com.example.logpipe;

import io.logpipe.event.LogEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.BindToRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Tags every event with the site its sender sits in, from the sender's address: {@code fields.site}. */
@BindToRegistry("tagSite")
public class TagSite implements Processor {
    @Override
    public void process(Exchange exchange) {
        LogEvent e = exchange.getMessage().getBody(LogEvent.class);
        String ip = e.getSource() == null ? null : e.getSource().ip();
        Map<String, Object> fields = e.getFields() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(e.getFields());
        fields.put("site", siteOf(ip));
        e.setFields(fields); // a copy: a decoder's fields may be immutable
    }

    static String siteOf(String ip) {
        if (ip == null) return "unknown";
        if (ip.startsWith("10.1.")) return "ams";
        if (ip.startsWith("10.2.")) return "fra";
        return "remote";
    }
}

package com.example.logpipe;

import io.logpipe.event.LogEvent;
import org.apache.camel.BindToRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Drops debug messages from one chatty host; everything else goes on. */
@BindToRegistry("dropNoise")
public class DropNoise implements Processor {
    static final String CHATTY_HOST = "printer-3";

    @Override
    public void process(Exchange exchange) {
        LogEvent e = exchange.getMessage().getBody(LogEvent.class);
        if (CHATTY_HOST.equals(e.getHost()) && e.getSeverityCode() == 7) exchange.setRouteStop(true);
    }
}

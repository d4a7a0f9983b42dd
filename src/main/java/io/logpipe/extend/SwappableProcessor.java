package io.logpipe.extend;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * What the registry holds for a user's processor: routes keep this object, and a recompiled version
 * takes over on the next exchange without the routes being rebuilt.
 */
public final class SwappableProcessor implements Processor {
    private volatile Processor current;

    SwappableProcessor(Processor first) {
        this.current = first;
    }

    void swap(Processor next) {
        this.current = next;
    }

    public Processor current() {
        return current;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        current.process(exchange);
    }

    @Override
    public String toString() {
        return "processor " + current.getClass().getName();
    }
}

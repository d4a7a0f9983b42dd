package io.logpipe.store;

import io.logpipe.event.LogEvent;

/** An event read back from the database with its row id (the tie-breaker of pagination). */
public record StoredEvent(long id, LogEvent event) {}

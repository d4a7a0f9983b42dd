package io.logpipe.store;

import java.util.List;

/** One page of a query; {@code next} is null on the last page. */
public record EventPage(List<StoredEvent> events, PageCursor next) {}

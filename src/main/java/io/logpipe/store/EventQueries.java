package io.logpipe.store;

import java.time.Instant;
import java.util.List;

/**
 * The questions the query API asks of a store, answered the same by every store (the contract
 * suite runs one set of tests against each): a page of events, counts over a range, top values of
 * one field.
 */
public interface EventQueries {
    /**
     * Events matching the filter, newest first (or oldest with {@code ascending}), ties by id.
     *
     * @param after the cursor of the previous page, or null for the first page
     */
    EventPage find(EventFilter filter, boolean ascending, PageCursor after, int limit) throws StoreException;

    /**
     * Counts by host, app, facility and severity over the filter, and a histogram whose buckets
     * (aligned to multiples of {@code bucketSeconds} since the epoch) run from the filter's
     * {@code from} to {@code chartEnd}.
     *
     * @param top how many hosts and apps to list, most frequent first
     */
    EventStats.Result stats(EventFilter filter, Instant chartEnd, long bucketSeconds, int top) throws StoreException;

    /** Top values of one field of {@link EventStats#GROUPABLE}, or of a {@code fields.<key>} path (events without it are left out). */
    List<EventStats.Count> groupBy(EventFilter filter, String field, int top) throws StoreException;

    /** When the oldest stored event was received, or null when the store is empty (for retention and the archive). */
    Instant oldestReceived() throws StoreException;

    /** The store's kind and location, for logs and error messages (no secrets). */
    String describe();
}

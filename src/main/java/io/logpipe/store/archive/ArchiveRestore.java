package io.logpipe.store.archive;

import io.logpipe.event.LogEvent;
import io.logpipe.queue.BatchSink;
import io.logpipe.store.EventQueries;
import io.logpipe.store.StoreException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Brings archived days back into the store for a search: each day the store no longer holds is
 * read from the archive and written as a sink writes (committed before it counts), then held for
 * {@code hold} so retention leaves it until then. A day still in the store is left as it is.
 */
public final class ArchiveRestore {
    private static final Logger LOG = Logger.getLogger(ArchiveRestore.class);
    /** Days one request may bring back; a larger range is several requests. */
    public static final int MAX_DAYS = 31;

    public record Day(LocalDate day, String outcome, long events, long rejected) {}

    private final EventQueries store;
    private final BatchSink writer;
    private final DayArchive archive;
    private final RestoreHolds holds;
    private final Duration hold;
    private final Clock clock;

    public ArchiveRestore(
            EventQueries store, BatchSink writer, DayArchive archive, RestoreHolds holds, Duration hold, Clock clock) {
        this.store = store;
        this.writer = writer;
        this.archive = archive;
        this.holds = holds;
        this.hold = hold;
        this.clock = clock;
    }

    /** The days from {@code first} to {@code last}, both included; one request at a time. */
    public synchronized List<Day> restore(LocalDate first, LocalDate last) throws IOException, StoreException {
        if (last.isBefore(first)) throw new IllegalArgumentException("to must be after from");
        if (first.plusDays(MAX_DAYS).isBefore(last.plusDays(1)))
            throw new IllegalArgumentException("at most " + MAX_DAYS + " days per restore");
        List<Day> out = new ArrayList<>();
        Instant until = clock.instant().plus(hold);
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            if (DayArchive.holds(store, day)) {
                out.add(new Day(day, "in the store already", 0, 0));
                continue;
            }
            holds.hold(day, until); // before writing: retention must not remove a day half restored
            long[] rejected = {0};
            long n = archive.restore(day, batch -> rejected[0] += write(batch));
            out.add(new Day(day, n == 0 ? "not in the archive" : "restored", n, rejected[0]));
            if (n > 0)
                LOG.infof(
                        "archive: restored %d events received on %s from %s, kept until %s",
                        n, day, archive.describe(), until);
        }
        return out;
    }

    /** Writes a batch until all of it is done; returns how many the store refused. */
    private long write(List<LogEvent> batch) throws IOException {
        List<LogEvent> rest = batch;
        long rejected = 0;
        for (int attempt = 0; !rest.isEmpty(); attempt++) {
            BatchSink.Outcome o = writer.deliver(rest);
            rejected += o.rejected().size();
            rest = rest.subList(o.done(), rest.size());
            if (o.failure() != null) {
                if (attempt >= 5)
                    throw new IOException(
                            "restore: the store refused writes: " + o.failure().getMessage(), o.failure());
                try {
                    Thread.sleep(200L << attempt);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("restore interrupted", e);
                }
            }
        }
        return rejected;
    }
}

package io.logpipe.store.archive;

import io.logpipe.store.EventQueries;
import io.logpipe.store.StoreException;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.jboss.logging.Logger;

/**
 * Moves retention's cutoff back to what may go: with an archive, a day is removed only once it is
 * exported (exported here first if it is not), and the cutoff falls on a day's start, so no day is
 * half removed before its export; a day brought back from the archive stays while it is held.
 * Without an archive only the holds apply.
 */
public final class ArchiveBeforePurge {
    private static final Logger LOG = Logger.getLogger(ArchiveBeforePurge.class);

    private final EventQueries store;
    private final DayArchive archive; // null: no archive
    private final RestoreHolds holds;
    private final Clock clock;

    public ArchiveBeforePurge(EventQueries store, DayArchive archive, RestoreHolds holds, Clock clock) {
        this.store = store;
        this.archive = archive;
        this.holds = holds;
        this.clock = clock;
    }

    /** The cutoff retention may apply instead of {@code cutoff}; exports the days it lets go. */
    public Instant cutoff(Instant cutoff) throws IOException, StoreException {
        LocalDate held = holds.oldestHeld(clock.instant());
        Instant limit = cutoff;
        if (held != null) limit = min(limit, start(held));
        if (archive == null) return limit;
        limit = start(LocalDate.ofInstant(limit, ZoneOffset.UTC)); // whole days only
        Instant oldest = store.oldestReceived();
        if (oldest == null) return limit;
        for (LocalDate day = LocalDate.ofInstant(oldest, ZoneOffset.UTC);
                start(day).isBefore(limit);
                day = day.plusDays(1)) {
            try {
                if (archive.archived(day) || !DayArchive.holds(store, day)) continue;
                long n = archive.export(store, day);
                LOG.infof(
                        "archive: exported %d events received on %s to %s before retention removes them",
                        n, day, archive.describe());
            } catch (IOException | StoreException e) {
                LOG.warnf(
                        "archive: export of %s to %s failed, so retention keeps that day and later ones: %s",
                        day, archive.describe(), e.getMessage());
                return start(day);
            }
        }
        return limit;
    }

    static Instant start(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}

package io.logpipe.component.logfile;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Log rotation without a restart: once a second every open file whose name was renamed or deleted
 * (logrotate's default) is closed and opened anew at its next line; {@code SIGHUP} closes every file,
 * as rsyslog does, for a logrotate {@code postrotate} that sends it.
 */
final class FileRotation {
    private static final Logger LOG = Logger.getLogger(FileRotation.class);
    private static final AtomicBoolean HANGUP_INSTALLED = new AtomicBoolean();

    /** the file writers in use, checked for renamed files and closed on SIGHUP */
    private static final List<FileSinkWriter> WRITERS = new CopyOnWriteArrayList<>();

    private FileRotation() {}

    static void watch(FileSinkWriter w) {
        WRITERS.add(w);
    }

    static void unwatch(FileSinkWriter w) {
        WRITERS.remove(w);
    }

    /** The once-a-second check. */
    static void closeMoved() {
        for (FileSinkWriter w : WRITERS) {
            int n;
            try {
                n = w.closeMoved();
            } catch (RuntimeException e) { // never let the scheduled check die
                LOG.warnf("checking files under %s for rotation failed: %s", w.baseDir(), e.toString());
                continue;
            }
            if (n > 0) {
                counter("moved").increment(n);
                LOG.debugf("%d file(s) under %s were renamed or deleted: reopened", n, w.baseDir());
            }
        }
    }

    static void closeAll() {
        int n = 0;
        for (FileSinkWriter w : WRITERS) n += w.closeAll();
        counter("hangup").increment(n);
        LOG.infof("SIGHUP: %d open file(s) closed; each is opened again by its next line", n);
    }

    private static Counter counter(String reason) {
        return Counter.builder("logpipe.sink.files.reopened")
                .description(
                        "logfile: files closed to be opened anew: moved (renamed or deleted, log rotation) or hangup (SIGHUP)")
                .tag("reason", reason)
                .register(Metrics.globalRegistry);
    }

    /**
     * Replaces the JVM's SIGHUP default (shut down) with reopening files, rsyslog's meaning of HUP; once.
     * The files checked, then and once a second, are the writers {@link Flushes} knows.
     */
    @SuppressWarnings("restriction")
    static void install() {
        if (!HANGUP_INSTALLED.compareAndSet(false, true)) return;
        try {
            sun.misc.SignalHandler before = sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> closeAll());
            // started with SIGHUP ignored (nohup): the JVM keeps it ignored and installs nothing
            if (before == sun.misc.SignalHandler.SIG_IGN)
                LOG.warnf(
                        "SIGHUP is ignored in this process (started with nohup?): a logrotate postrotate HUP does not reach logpipe; renamed files are still noticed within a second");
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            LOG.warnf(
                    "SIGHUP cannot be handled here (%s): renamed files are still noticed within a second",
                    e.getMessage());
        }
    }
}

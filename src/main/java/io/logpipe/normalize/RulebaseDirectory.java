package io.logpipe.normalize;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The rulebases of {@code logpipe.rules.dir}, kept current: the files are re-read every two seconds
 * when their contents changed (so a Kubernetes ConfigMap's symlink swap is seen too). A set with a
 * mistake is refused with file and line in the log, and the previous rulebases stay in force. One
 * instance per directory, shared by the {@code normalize:} steps and the parse API.
 */
public final class RulebaseDirectory {
    private static final Logger LOG = Logger.getLogger(RulebaseDirectory.class);
    private static final Map<Path, RulebaseDirectory> SHARED = new ConcurrentHashMap<>();
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rulebases");
        t.setDaemon(true);
        return t;
    });

    private final Path dir;
    private volatile Rulebases current = Rulebases.EMPTY;
    private volatile String lastError;
    private String contents = "";

    private RulebaseDirectory(Path dir) {
        this.dir = dir;
    }

    /** The shared, self-reloading instance for {@code dir}; loaded before it is returned. */
    public static RulebaseDirectory of(Path dir) {
        return SHARED.computeIfAbsent(dir.toAbsolutePath().normalize(), d -> {
            RulebaseDirectory rd = new RulebaseDirectory(d);
            rd.reload();
            TIMER.scheduleWithFixedDelay(rd::reload, 2, 2, TimeUnit.SECONDS);
            return rd;
        });
    }

    public Path dir() {
        return dir;
    }

    public Rulebases rulebases() {
        return current;
    }

    /** The problems of the last refused reload, or null when the files in force are the files on disk. */
    public String lastError() {
        return lastError;
    }

    /** Re-reads the files if their contents changed; returns whether a new set is in force. */
    public synchronized boolean reload() {
        try {
            List<Path> files = RulebaseParser.files(dir);
            StringBuilder now = new StringBuilder();
            for (Path f : files)
                now.append(f).append('\0').append(Files.readString(f)).append('\0');
            if (now.toString().equals(contents)) return false;
            contents = now.toString();
            try {
                Rulebases next = RulebaseParser.parse(files);
                current = next;
                lastError = null;
                LOG.infof(
                        "rulebases: %s from %s",
                        next.names().isEmpty() ? "none" : String.join(", ", next.names()), dir);
                return true;
            } catch (RulebaseParser.RulebaseException e) {
                lastError = e.getMessage();
                for (var p : e.problems) LOG.errorf("rulebases not loaded: %s", p);
                LOG.errorf(
                        "rulebases: %s",
                        current.names().isEmpty()
                                ? "none are in force"
                                : "the previous ones stay in force: " + String.join(", ", current.names()));
                return false;
            }
        } catch (IOException | RuntimeException e) {
            LOG.errorf("rulebases in %s cannot be read: %s", dir, e.toString());
            return false;
        }
    }
}

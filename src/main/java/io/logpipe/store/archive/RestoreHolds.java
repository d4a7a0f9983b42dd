package io.logpipe.store.archive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Days brought back from the archive, each kept until a time, so retention does not remove them
 * again at its next round. A file of {@code day until} lines, replaced whole on every change.
 */
public final class RestoreHolds {
    private final Path file;
    private final TreeMap<LocalDate, Instant> until = new TreeMap<>();

    public RestoreHolds(Path file) throws IOException {
        this.file = file;
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                String[] parts = line.strip().split("\\s+");
                if (parts.length == 2) until.put(LocalDate.parse(parts[0]), Instant.parse(parts[1]));
            }
        }
    }

    public synchronized void hold(LocalDate day, Instant end) throws IOException {
        until.merge(day, end, (a, b) -> a.isAfter(b) ? a : b);
        save();
    }

    /** The oldest day still held at {@code now}, or null; expired holds are forgotten. */
    public synchronized LocalDate oldestHeld(Instant now) throws IOException {
        boolean changed = until.values().removeIf(end -> !end.isAfter(now));
        if (changed) save();
        return until.isEmpty() ? null : until.firstKey();
    }

    public synchronized Map<LocalDate, Instant> all() {
        return Map.copyOf(until);
    }

    private void save() throws IOException {
        Files.createDirectories(file.getParent());
        List<String> lines = new ArrayList<>();
        until.forEach((day, end) -> lines.add(day + " " + end));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, lines);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}

package io.logpipe.health;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/** Words for a failed write that tell an operator where and why: the path, the cause and the space left. */
public final class StorageTrouble {
    private StorageTrouble() {}

    public static String describe(Path path, Throwable cause) {
        return path + ": " + rootMessage(cause) + "; " + space(path);
    }

    /** As {@link #describe} without the path, for a component already named after it. */
    public static String why(Path path, Throwable cause) {
        return rootMessage(cause) + "; " + space(path);
    }

    /** "free 1.2 MiB of 64.0 MiB", or why that could not be read. */
    public static String space(Path path) {
        Path p = path.toAbsolutePath();
        while (p != null && !Files.exists(p)) p = p.getParent();
        if (p == null) return "free space unknown";
        try {
            FileStore fs = Files.getFileStore(p);
            return "free " + mib(fs.getUsableSpace()) + " of " + mib(fs.getTotalSpace());
        } catch (IOException e) {
            return "free space unknown (" + e.getMessage() + ")";
        }
    }

    private static String mib(long bytes) {
        return String.format("%.1f MiB", bytes / 1048576.0);
    }

    public static String rootMessage(Throwable t) {
        String last = t.toString();
        for (Throwable c = t; c != null; c = c.getCause()) if (c.getMessage() != null) last = c.getMessage();
        return last;
    }
}

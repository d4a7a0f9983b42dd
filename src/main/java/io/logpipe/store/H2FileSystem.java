package io.logpipe.store;

import org.h2.store.fs.FilePath;

/**
 * Loads H2's file-system classes once, on one thread, before anything opens an H2 file. H2's
 * {@code FilePath} initializes its subclasses from its static initializer, so an MVStore being
 * opened (a sink queue, the alert store) while a pool thread opens the H2 event database could
 * each hold one class's initialization and wait for the other's: logpipe hung at start (seen in
 * a thread dump: main in SingleFileStore.open waiting on FilePath, agroal on FilePathWrapper).
 */
public final class H2FileSystem {
    private static boolean loaded;

    private H2FileSystem() {}

    public static synchronized void load() {
        if (loaded) return;
        FilePath.get(System.getProperty("java.io.tmpdir"));
        loaded = true;
    }
}

package io.logpipe.queue;

import io.logpipe.health.Problems;
import io.logpipe.health.StorageTrouble;
import io.logpipe.store.H2FileSystem;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.ByteArrayDataType;
import org.h2.mvstore.type.LongDataType;

/**
 * A FIFO of serialized events on disk, with a dead-letter map beside it, in one H2 MVStore file
 * (a log-structured B-tree store: each commit appends a checksummed chunk, and a file cut short by
 * a crash opens at the last complete commit). Appends become durable at {@link #commit()}: written
 * to the OS, so a killed process loses nothing committed; {@link #sync()} also forces them to the
 * device, for power failures. One consumer reads from the head and removes what it delivered.
 *
 * <p>Space: MVStore writes each commit as a new chunk and by default keeps the chunks it
 * superseded for 45 s, so a sender acknowledged one event at a time (about 25 KB per commit, some
 * thousands a second) grew the file by 100 MB a second. Here a superseded chunk is reused as soon
 * as the commit that superseded it has been forced to the device (a pinned version until the next
 * {@link #sync()}): a power failure then still finds the file as of the last sync, and the file holds
 * the live events plus what was committed since that sync. After about {@link #SYNC_AFTER_BYTES}
 * written without a sync, a commit syncs early.
 *
 * <p>Storage failures (disk full, read-only or failing file system) close an MVStore for good, so
 * the queue reopens its file instead: until then every operation fails with {@link
 * StorageUnavailable} (and {@link #isBroken()} says so), at most once a second an operation tries
 * to reopen, and once that works the appends that were not committed yet are put back. Nothing an
 * append was told is lost; removals that were not committed come back (delivered twice, at least
 * once). The problem is reported to {@link Problems}, so readiness shows it.
 */
public final class DurableQueue implements AutoCloseable {
    public record Entry(long id, long enqueuedAtMillis, byte[] event) {}

    public record DeadLetter(long id, long failedAtMillis, String error, byte[] event) {}

    /** The queue's file cannot be written now; the caller must not acknowledge what it appended. */
    public static final class StorageUnavailable extends IllegalStateException {
        StorageUnavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final class Handle {
        final MVStore store;
        final MVMap<Long, byte[]> queue;
        final MVMap<Long, byte[]> dead;
        /** Keeps every chunk superseded since the last sync from being overwritten; guarded by the queue. */
        MVStore.TxCounter synced;
        /** About how many bytes the commits since the last sync wrote; guarded by the queue. */
        long writtenSinceSync;

        private Handle(MVStore store, MVMap<Long, byte[]> queue, MVMap<Long, byte[]> dead) {
            this.store = store;
            this.queue = queue;
            this.dead = dead;
            this.synced = store.registerVersionUsage();
        }

        MVStore store() {
            return store;
        }

        MVMap<Long, byte[]> queue() {
            return queue;
        }

        MVMap<Long, byte[]> dead() {
            return dead;
        }

        /** Forces every commit so far to the device; the chunks they superseded may be reused from now on. */
        void sync() {
            MVStore.TxCounter next = store.registerVersionUsage(); // before the sync: what it covers
            store.sync();
            MVStore.TxCounter previous = synced;
            synced = next;
            store.deregisterVersionUsage(previous);
            writtenSinceSync = 0;
        }

        /** Counts a commit of {@code appended} event bytes; true when enough was written to sync early. */
        boolean committed(long appended) {
            writtenSinceSync += appended + COMMIT_OVERHEAD_BYTES;
            return writtenSinceSync > SYNC_AFTER_BYTES;
        }

        static Handle open(Path file) {
            MVStore store = new MVStore.Builder().fileName(file.toString()).open();
            store.setAutoCommitDelay(1000); // background commits and space reuse even when nobody commits
            store.setRetentionTime(0); // safe: the version pinned until each sync keeps what a crash would need
            MVMap<Long, byte[]> queue = store.openMap("events", typed());
            MVMap<Long, byte[]> dead = store.openMap("dead-letters", typed());
            boolean moved = moveUntyped(store, "queue", queue) | moveUntyped(store, "dead", dead);
            if (moved) store.commit(); // one commit: the file has either the old maps or the new ones
            return new Handle(store, queue, dead);
        }

        /**
         * Keys and values written as they are (a long, the bytes), not through MVStore's
         * ObjectDataType, which looked up each object's type on every put, read and compare.
         */
        private static MVMap.Builder<Long, byte[]> typed() {
            return new MVMap.Builder<Long, byte[]>()
                    .keyType(LongDataType.INSTANCE)
                    .valueType(ByteArrayDataType.INSTANCE);
        }

        /** A file of an earlier logpipe holds its entries in untyped maps: moved over, in order, once. */
        private static boolean moveUntyped(MVStore store, String name, MVMap<Long, byte[]> into) {
            if (!store.hasMap(name)) return false;
            MVMap<Object, Object> old = store.openMap(name);
            for (Map.Entry<Object, Object> e : old.entrySet()) into.put((Long) e.getKey(), (byte[]) e.getValue());
            store.removeMap(old);
            return true;
        }
    }

    /**
     * Bytes written since the last sync after which a commit syncs early, so that the space of what
     * they superseded can be reused: the file holds at most about this much of superseded commits.
     */
    static final long SYNC_AFTER_BYTES = 4L << 20;

    /** What a commit writes besides its events (B-tree nodes, chunk header, layout): about 20 KB measured. */
    static final long COMMIT_OVERHEAD_BYTES = 20 << 10;

    private static final long REOPEN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Path file;
    private final String component;
    private volatile Handle h;
    private volatile String broken; // why the file cannot be written, null when fine
    private long lastReopenTry; // guarded by this
    private final AtomicLong reopened = new AtomicLong();
    private final AtomicLong nextId;
    private final AtomicLong nextDeadId;
    private final AtomicBoolean dirty = new AtomicBoolean();
    /**
     * Appends not yet committed, oldest first, put back if the store fails before they are. Guarded
     * by appendLock with the ids, so they arrive in id order: a commit drops a prefix. (A skip list
     * here cost a tenth of a listener thread's CPU by JFR.)
     */
    private final ArrayDeque<Appended> uncommitted = new ArrayDeque<>();

    private record Appended(long id, byte[] value) {}

    private final Object appendLock = new Object();
    private boolean unsynced; // committed but not yet forced to the device; guarded by this
    private long sizeAfterCompaction; // guarded by this
    private volatile long lastDepth;
    private volatile long lastDeadCount;

    private DurableQueue(Path file, Handle h) {
        this.file = file;
        this.component = "queue " + file;
        this.h = h;
        Long last = h.queue().lastKey();
        this.nextId = new AtomicLong(last == null ? 1 : last + 1);
        Long lastDead = h.dead().lastKey();
        this.nextDeadId = new AtomicLong(lastDead == null ? 1 : lastDead + 1);
    }

    /** Opens (or creates) the queue file; what was committed before a crash or stop is there again. */
    public static DurableQueue open(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        H2FileSystem.load(); // before any thread opens an H2 file
        return new DurableQueue(file, Handle.open(file));
    }

    public Path file() {
        return file;
    }

    /** Why the file cannot be written right now, or null. */
    public String problem() {
        return broken;
    }

    public boolean isBroken() {
        return broken != null;
    }

    /** How many times the file was reopened after a storage failure (the owner settles its accounts then). */
    public long reopenCount() {
        return reopened.get();
    }

    /** Adds an event at the tail; durable after the next commit. */
    public long append(byte[] event) {
        byte[] v = new byte[TIME_PREFIX + event.length];
        System.arraycopy(event, 0, v, TIME_PREFIX, event.length);
        return appendPrefixed(v);
    }

    /** Room an entry keeps in front of the event for the time it was queued. */
    public static final int TIME_PREFIX = 8;

    /**
     * As {@link #append}, for an event encoded with {@link #TIME_PREFIX} free bytes in front, which
     * the queue fills with the time: no second copy of the event.
     */
    public long appendPrefixed(byte[] v) {
        Handle cur = usable();
        ByteBuffer.wrap(v).putLong(0, System.currentTimeMillis());
        long id;
        try {
            synchronized (appendLock) {
                id = nextId.getAndIncrement();
                uncommitted.addLast(new Appended(id, v));
                cur.queue().put(id, v);
            }
        } catch (RuntimeException e) {
            throw failed(cur, e);
        }
        dirty.set(true);
        return id;
    }

    /**
     * Writes everything appended or removed so far to the file (not forced to the device).
     * Synchronized: a caller whose appends another thread is committing right now waits until
     * that commit is written, rather than seeing the flag cleared and acknowledging too early.
     *
     * @return whether anything was written
     * @throws StorageUnavailable when the file cannot be written
     */
    public synchronized boolean commit() {
        Handle cur = usable();
        if (!dirty.getAndSet(false)) return false;
        long mark;
        synchronized (appendLock) {
            mark = nextId.get(); // every id below it is in the map already
        }
        try {
            cur.store().commit();
        } catch (RuntimeException e) {
            dirty.set(true);
            throw failed(cur, e);
        }
        long appended = 0;
        synchronized (appendLock) {
            while (!uncommitted.isEmpty() && uncommitted.peekFirst().id() < mark)
                appended += uncommitted.pollFirst().value().length;
        }
        unsynced = true;
        if (cur.committed(appended)) sync();
        lastDepth = cur.queue().sizeAsLong();
        return true;
    }

    /** Forces what was committed (by any thread) to the device, unless that is already done. */
    public synchronized void sync() {
        if (!unsynced) return;
        Handle cur = usable();
        try {
            cur.sync();
            unsynced = false;
        } catch (RuntimeException e) {
            throw failed(cur, e);
        }
    }

    /** The current store, reopening a broken one at most once a second; throws while it cannot be used. */
    private Handle usable() {
        Handle cur = h;
        if (broken == null) return cur;
        synchronized (this) {
            if (broken == null) return h;
            long now = System.nanoTime();
            if (now - lastReopenTry < REOPEN_EVERY_NANOS) throw new StorageUnavailable(component + ": " + broken, null);
            lastReopenTry = now;
            try {
                Handle fresh = Handle.open(file);
                // appends that were not committed before the failure go back in, under their ids
                synchronized (appendLock) {
                    for (Appended a : uncommitted) fresh.queue().putIfAbsent(a.id(), a.value());
                    fresh.store().commit();
                    uncommitted.clear();
                }
                Long last = fresh.queue().lastKey();
                if (last != null && last >= nextId.get()) nextId.set(last + 1);
                Long lastDead = fresh.dead().lastKey();
                if (lastDead != null && lastDead >= nextDeadId.get()) nextDeadId.set(lastDead + 1);
                h = fresh;
                broken = null;
                lastDepth = fresh.queue().sizeAsLong();
                reopened.incrementAndGet();
                Problems.clear(component);
                return fresh;
            } catch (RuntimeException e) {
                broken = StorageTrouble.why(file, e);
                Problems.report(component, broken);
                throw new StorageUnavailable(component + ": " + broken, e);
            }
        }
    }

    /** Marks the store broken after a failed operation; the caller throws what this returns. */
    private StorageUnavailable failed(Handle cur, RuntimeException e) {
        synchronized (this) {
            if (h == cur && broken == null) {
                broken = StorageTrouble.why(file, e);
                lastReopenTry = System.nanoTime();
                try {
                    cur.store().closeImmediately();
                } catch (RuntimeException ignored) {
                    // it is closed either way
                }
                Problems.report(component, broken);
            }
        }
        return new StorageUnavailable(component + ": " + broken, e);
    }

    /** Up to {@code max} entries from the head, oldest first. */
    public List<Entry> head(int max) {
        Handle cur = usable();
        List<Entry> out = new ArrayList<>(Math.min(max, 1024));
        try {
            Cursor<Long, byte[]> c = cur.queue().cursor(null);
            while (out.size() < max && c.hasNext()) {
                long id = c.next();
                out.add(entry(id, c.getValue()));
            }
        } catch (RuntimeException e) {
            throw failed(cur, e);
        }
        return out;
    }

    public void remove(Collection<Entry> entries) {
        Handle cur = usable();
        try {
            for (Entry e : entries) cur.queue().remove(e.id());
        } catch (RuntimeException e) {
            throw failed(cur, e);
        }
        if (!entries.isEmpty()) dirty.set(true);
    }

    /** Events queued; while the file is broken, the count when it last worked. */
    public long depth() {
        if (broken != null) return lastDepth;
        try {
            return lastDepth = h.queue().sizeAsLong();
        } catch (RuntimeException e) {
            return lastDepth;
        }
    }

    /** Age of the oldest queued event in milliseconds; 0 when empty (or unknown while broken). */
    public long oldestAgeMillis() {
        if (broken != null) return 0;
        try {
            MVMap<Long, byte[]> q = h.queue();
            Long first = q.firstKey();
            if (first == null) return 0;
            byte[] v = q.get(first);
            return v == null
                    ? 0
                    : Math.max(
                            0, System.currentTimeMillis() - ByteBuffer.wrap(v).getLong());
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** Moves an entry from the queue to the dead letters, with the reason. */
    public void deadLetter(Entry e, String error) {
        Handle cur = usable();
        byte[] err = (error == null ? "" : error).getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + 4 + err.length + e.event().length);
        b.putLong(System.currentTimeMillis()).putInt(err.length).put(err).put(e.event());
        try {
            cur.dead().put(nextDeadId.getAndIncrement(), b.array());
            cur.queue().remove(e.id());
        } catch (RuntimeException ex) {
            throw failed(cur, ex);
        }
        dirty.set(true);
    }

    public long deadCount() {
        if (broken != null) return lastDeadCount;
        try {
            return lastDeadCount = h.dead().sizeAsLong();
        } catch (RuntimeException e) {
            return lastDeadCount;
        }
    }

    /** Dead letters from id {@code after} on (0 = from the first), at most {@code max}. */
    public List<DeadLetter> deadLetters(long after, int max) {
        Handle cur = usable();
        List<DeadLetter> out = new ArrayList<>();
        try {
            Cursor<Long, byte[]> c = cur.dead().cursor(after + 1);
            while (out.size() < max && c.hasNext()) {
                long id = c.next();
                out.add(deadLetter(id, c.getValue()));
            }
        } catch (RuntimeException e) {
            throw failed(cur, e);
        }
        return out;
    }

    /** Moves dead letters back to the tail of the queue (all when {@code ids} is null); returns how many. */
    public int replay(Collection<Long> ids) {
        Handle cur = usable();
        int n = 0;
        try {
            for (long id : ids == null ? List.copyOf(cur.dead().keySet()) : ids) {
                byte[] v = cur.dead().remove(id);
                if (v == null) continue;
                append(deadLetter(id, v).event());
                n++;
            }
        } catch (StorageUnavailable e) {
            throw e;
        } catch (RuntimeException e) {
            throw failed(cur, e);
        }
        if (n > 0) dirty.set(true);
        return n;
    }

    /** Deletes dead letters for good (all when {@code ids} is null); returns how many. */
    public int discard(Collection<Long> ids) {
        Handle cur = usable();
        int n = 0;
        try {
            for (long id : ids == null ? List.copyOf(cur.dead().keySet()) : ids) {
                if (cur.dead().remove(id) != null) n++;
            }
        } catch (RuntimeException e) {
            throw failed(cur, e);
        }
        if (n > 0) dirty.set(true);
        return n;
    }

    /** A file this large or more is worth compacting once the queue is empty. */
    static final long COMPACT_ABOVE_BYTES = 8L << 20;

    /** The file's size on disk in bytes. */
    public long fileSize() {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * Gives the space of a drained backlog back to the file system: MVStore reuses freed space but
     * never shrinks its file, so a 1M-event backlog left a 465 MB file behind. Moves the live chunks
     * (the dead letters, what was queued meanwhile) to the front and truncates. Called by the
     * dispatcher when the queue has just run empty; appends may go on meanwhile.
     *
     * @return whether the file was compacted
     */
    public synchronized boolean compactIfLarge() {
        long size = fileSize();
        // what could not be given back last time (dead letters) is not tried again until the file doubles
        if (size < COMPACT_ABOVE_BYTES || size < 2 * sizeAfterCompaction) return false;
        Handle cur = usable();
        try {
            cur.store().commit();
            cur.sync(); // what the last commits superseded may move and go too
            unsynced = false;
            cur.store().compactFile(10_000);
        } catch (RuntimeException e) {
            throw failed(cur, e);
        }
        sizeAfterCompaction = fileSize();
        return true;
    }

    @Override
    public synchronized void close() {
        Handle cur = h;
        if (broken != null) {
            // what was committed is on disk; what was not cannot be written now
            Problems.clear(component);
            int lost;
            synchronized (appendLock) {
                lost = uncommitted.size();
            }
            if (lost > 0)
                throw new StorageUnavailable(
                        component + ": closed with " + lost + " events not written: " + broken, null);
            return;
        }
        try {
            cur.store().commit();
            cur.store().sync();
            cur.store().deregisterVersionUsage(cur.synced); // MVStore closes with no version in use
            cur.store().close();
        } catch (RuntimeException e) {
            throw failed(cur, e);
        }
    }

    private static Entry entry(long id, byte[] v) {
        ByteBuffer b = ByteBuffer.wrap(v);
        long t = b.getLong();
        byte[] event = new byte[v.length - TIME_PREFIX];
        b.get(event);
        return new Entry(id, t, event);
    }

    private static DeadLetter deadLetter(long id, byte[] v) {
        ByteBuffer b = ByteBuffer.wrap(v);
        long t = b.getLong();
        byte[] err = new byte[b.getInt()];
        b.get(err);
        byte[] event = new byte[b.remaining()];
        b.get(event);
        return new DeadLetter(id, t, new String(err, StandardCharsets.UTF_8), event);
    }
}

package io.logpipe.queue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * A FIFO of serialized events on disk, with a dead-letter map beside it, in one H2 MVStore file
 * (a log-structured B-tree store: each commit appends a checksummed chunk, and a file cut short by
 * a crash opens at the last complete commit). Appends become durable at {@link #commit()}: written
 * to the OS, so a killed process loses nothing committed; {@link #sync()} also forces them to the
 * device, for power failures. One consumer reads from the head and removes what it delivered.
 */
public final class DurableQueue implements AutoCloseable {
    public record Entry(long id, long enqueuedAtMillis, byte[] event) {}

    public record DeadLetter(long id, long failedAtMillis, String error, byte[] event) {}

    private final Path file;
    private final MVStore store;
    private final MVMap<Long, byte[]> queue;
    private final MVMap<Long, byte[]> dead;
    private final AtomicLong nextId;
    private final AtomicLong nextDeadId;
    private final AtomicBoolean dirty = new AtomicBoolean();
    private boolean unsynced; // committed but not yet forced to the device; guarded by this

    private DurableQueue(Path file, MVStore store) {
        this.file = file;
        this.store = store;
        this.queue = store.openMap("queue");
        this.dead = store.openMap("dead");
        Long last = queue.lastKey();
        this.nextId = new AtomicLong(last == null ? 1 : last + 1);
        Long lastDead = dead.lastKey();
        this.nextDeadId = new AtomicLong(lastDead == null ? 1 : lastDead + 1);
    }

    /** Opens (or creates) the queue file; what was committed before a crash or stop is there again. */
    public static DurableQueue open(Path file) throws java.io.IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        io.logpipe.store.H2FileSystem.load(); // before any thread opens an H2 file
        MVStore store = new MVStore.Builder().fileName(file.toString()).open();
        store.setAutoCommitDelay(1000); // background commits and space reuse even when nobody commits
        return new DurableQueue(file, store);
    }

    public Path file() { return file; }

    /** Adds an event at the tail; durable after the next commit. */
    public long append(byte[] event) {
        long id = nextId.getAndIncrement();
        queue.put(id, withTime(System.currentTimeMillis(), event));
        dirty.set(true);
        return id;
    }

    /**
     * Writes everything appended or removed so far to the file (not forced to the device).
     * Synchronized: a caller whose appends another thread is committing right now waits until
     * that commit is written, rather than seeing the flag cleared and acknowledging too early.
     *
     * @return whether anything was written
     */
    public synchronized boolean commit() {
        if (!dirty.getAndSet(false)) return false;
        store.commit();
        unsynced = true;
        return true;
    }

    /** Forces what was committed (by any thread) to the device, unless that is already done. */
    public synchronized void sync() {
        if (!unsynced) return;
        unsynced = false;
        store.sync();
    }

    /** Up to {@code max} entries from the head, oldest first. */
    public List<Entry> head(int max) {
        List<Entry> out = new ArrayList<>(Math.min(max, 1024));
        Cursor<Long, byte[]> c = queue.cursor(null);
        while (out.size() < max && c.hasNext()) {
            long id = c.next();
            out.add(entry(id, c.getValue()));
        }
        return out;
    }

    public void remove(Collection<Entry> entries) {
        for (Entry e : entries) queue.remove(e.id());
        if (!entries.isEmpty()) dirty.set(true);
    }

    public long depth() { return queue.sizeAsLong(); }

    /** Age of the oldest queued event in milliseconds; 0 when empty. */
    public long oldestAgeMillis() {
        Long first = queue.firstKey();
        if (first == null) return 0;
        byte[] v = queue.get(first);
        return v == null ? 0 : Math.max(0, System.currentTimeMillis() - ByteBuffer.wrap(v).getLong());
    }

    /** Moves an entry from the queue to the dead letters, with the reason. */
    public void deadLetter(Entry e, String error) {
        byte[] err = (error == null ? "" : error).getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + 4 + err.length + e.event().length);
        b.putLong(System.currentTimeMillis()).putInt(err.length).put(err).put(e.event());
        dead.put(nextDeadId.getAndIncrement(), b.array());
        queue.remove(e.id());
        dirty.set(true);
    }

    public long deadCount() { return dead.sizeAsLong(); }

    /** Dead letters from id {@code after} on (0 = from the first), at most {@code max}. */
    public List<DeadLetter> deadLetters(long after, int max) {
        List<DeadLetter> out = new ArrayList<>();
        Cursor<Long, byte[]> c = dead.cursor(after + 1);
        while (out.size() < max && c.hasNext()) {
            long id = c.next();
            out.add(deadLetter(id, c.getValue()));
        }
        return out;
    }

    /** Moves dead letters back to the tail of the queue (all when {@code ids} is null); returns how many. */
    public int replay(Collection<Long> ids) {
        int n = 0;
        for (long id : ids == null ? List.copyOf(dead.keySet()) : ids) {
            byte[] v = dead.remove(id);
            if (v == null) continue;
            append(deadLetter(id, v).event());
            n++;
        }
        if (n > 0) dirty.set(true);
        return n;
    }

    /** Deletes dead letters for good (all when {@code ids} is null); returns how many. */
    public int discard(Collection<Long> ids) {
        int n = 0;
        for (long id : ids == null ? List.copyOf(dead.keySet()) : ids) {
            if (dead.remove(id) != null) n++;
        }
        if (n > 0) dirty.set(true);
        return n;
    }

    @Override
    public void close() {
        store.commit();
        store.sync();
        store.close();
    }

    private static byte[] withTime(long millis, byte[] event) {
        return ByteBuffer.allocate(8 + event.length).putLong(millis).put(event).array();
    }

    private static Entry entry(long id, byte[] v) {
        ByteBuffer b = ByteBuffer.wrap(v);
        long t = b.getLong();
        byte[] event = new byte[v.length - 8];
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

package io.logpipe.store.lucene;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PointValues;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.NRTCachingDirectory;

/**
 * One day's index (by the day logpipe received the events, UTC), in its own directory so that
 * retention removes a day as a whole. A write that fails (a full disk) rolls back to the last
 * commit and the writer is opened again on the next write, so nothing half-written is ever
 * committed; the store's write-ahead log holds what was added since. Searches see what was added
 * once they ask ({@link #refreshIfNeeded}), commits come about once a second.
 */
final class DayIndex implements Closeable {
    static final Sort NEWEST_FIRST = new Sort(
            new SortField(EventDocuments.TS, SortField.Type.LONG, true),
            new SortField(EventDocuments.ID, SortField.Type.LONG, true));

    final LocalDate day;
    final Path path;
    private final Directory directory;
    private IndexWriter writer;
    private SearcherManager searchers;
    /** The largest id in this day's last commit: entries of the log up to it are in the index. */
    private volatile long committedId;

    private volatile long addedId;
    private volatile boolean unrefreshed;
    private volatile boolean uncommitted;

    DayIndex(LocalDate day, Path path) throws IOException {
        this.day = day;
        this.path = path;
        Files.createDirectories(path);
        // new small segments stay in memory until the commit: refreshes between commits write nothing.
        // Up to 32 MB of them, and a 32 MB write buffer: with two days open at midnight that is the
        // 128 MB of heap the -Xmx192m of the README's command leaves room for (docs/operations.md#memory)
        this.directory = new NRTCachingDirectory(FSDirectory.open(path), 8.0, 32.0);
        open();
    }

    private void open() throws IOException {
        IndexWriterConfig config = new IndexWriterConfig(new Trigrams.TrigramAnalyzer());
        // no index sort: it costs a third of the indexing rate, and "newest first" skips
        // non-competitive documents by the ts points anyway
        config.setRAMBufferSizeMB(32);
        config.setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
        writer = new IndexWriter(directory, config);
        writer.commit(); // an empty day still opens as an index after a restart
        searchers = new SearcherManager(writer, null);
        committedId = maxId();
        addedId = committedId;
        unrefreshed = false;
        uncommitted = false;
    }

    long committedId() {
        return committedId;
    }

    /** Records that the document with this id was added (before a commit makes it durable). */
    void added(long id) {
        synchronized (this) {
            if (id > addedId) addedId = id;
        }
        unrefreshed = true;
        uncommitted = true;
    }

    boolean uncommitted() {
        return uncommitted;
    }

    boolean unrefreshed() {
        return unrefreshed;
    }

    /** Makes what was added visible to searches that start now. */
    void refreshIfNeeded() throws IOException {
        if (!unrefreshed) return;
        synchronized (this) {
            if (!unrefreshed || !writer.isOpen()) return;
            searchers.maybeRefreshBlocking();
            unrefreshed = false;
        }
    }

    synchronized IndexWriter writer() throws IOException {
        if (!writer.isOpen()) {
            closeSearchers();
            open();
        }
        return writer;
    }

    /** Makes what was added durable (fsync) and visible to searches. */
    synchronized void commit() throws IOException {
        IndexWriter w = writer(); // a writer rolled back is opened again (then there is nothing to commit)
        long upTo = addedId;
        w.commit();
        committedId = upTo;
        uncommitted = false;
        unrefreshed = false;
        searchers.maybeRefreshBlocking();
    }

    /** Drops everything added since the last commit; the next write opens the writer again. */
    synchronized void rollback() {
        try {
            if (writer.isOpen()) writer.rollback();
        } catch (IOException | RuntimeException e) {
            // the writer is closed either way; its uncommitted documents are gone
        }
    }

    synchronized IndexSearcher acquire() throws IOException {
        if (!writer.isOpen()) writer(); // searches keep working after a failed write
        return searchers.acquire();
    }

    synchronized void release(IndexSearcher searcher) throws IOException {
        searchers.release(searcher);
    }

    /** The largest event id in this day's committed documents, 0 when empty. */
    long maxId() throws IOException {
        IndexSearcher s = acquire();
        try {
            long max = 0;
            for (LeafReaderContext leaf : s.getIndexReader().leaves()) {
                PointValues ids = leaf.reader().getPointValues(EventDocuments.ID);
                if (ids != null && ids.size() > 0)
                    max = Math.max(max, LongPoint.decodeDimension(ids.getMaxPackedValue(), 0));
            }
            return max;
        } finally {
            release(s);
        }
    }

    private void closeSearchers() {
        try {
            searchers.close();
        } catch (IOException ignored) {
            // searches holding a searcher keep it until they release it
        }
    }

    @Override
    public synchronized void close() throws IOException {
        closeSearchers();
        if (writer.isOpen()) writer.close();
        directory.close();
    }
}

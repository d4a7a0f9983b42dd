package io.logpipe.store.lucene;

import io.logpipe.event.LogEvent;
import io.logpipe.queue.BatchSink;
import io.logpipe.store.StoreException;
import java.util.List;
import java.util.Map;

/**
 * A {@code db:} sink's writes into the embedded index: a batch is done once committed; events the
 * index refuses go to dead-letter with the reason; a failed write (disk full) is retried whole.
 */
public final class LuceneBatchSink implements BatchSink {
    private final LuceneStore store;

    public LuceneBatchSink(LuceneStore store) {
        this.store = store;
    }

    @Override
    public Outcome deliver(List<LogEvent> batch) {
        try {
            Map<Integer, String> rejected = store.write(batch);
            return new Outcome(batch.size(), rejected, null);
        } catch (StoreException e) {
            return Outcome.failed(0, Map.of(), e);
        }
    }
}

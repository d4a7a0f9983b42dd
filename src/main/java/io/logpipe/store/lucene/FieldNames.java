package io.logpipe.store.lucene;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The {@code fields.<path>} names a store indexes, capped like Elasticsearch's mapping limit: every
 * distinct name costs per segment, and senders choose the names. Beyond the cap an event is still
 * stored whole; only its new paths are not searchable. Said once in the log.
 */
final class FieldNames {
    private static final Logger LOG = Logger.getLogger(FieldNames.class);

    private final int max;
    private final Set<String> known = ConcurrentHashMap.newKeySet();
    private volatile boolean warned;

    FieldNames(int max) {
        this.max = max;
    }

    /** Names seen in the indexes on disk, so a restart keeps the same set. */
    void addExisting(String name) {
        if (name.startsWith("fields.")) known.add(name);
    }

    boolean admit(String path) {
        if (known.contains(path)) return true;
        if (known.size() >= max) {
            if (!warned) {
                warned = true;
                LOG.warnf(
                        "event index: %d distinct fields.<path> names indexed, the limit (logpipe.store.lucene.max-field-names); '%s' and later new paths are stored but not searchable",
                        max, path);
            }
            return false;
        }
        known.add(path);
        return true;
    }
}

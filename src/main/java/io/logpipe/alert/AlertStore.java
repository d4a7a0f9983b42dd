package io.logpipe.alert;

import io.logpipe.store.H2FileSystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * Alerts and silence state on disk (an H2 MVStore file): every alert as JSON by id, the open
 * incident of each rule and group (so repeats raise its count), and the silence rules' last-seen
 * times and silent groups, so a restart neither forgets a quiet host nor alerts on it again.
 */
public final class AlertStore implements AutoCloseable {
    private final MVStore store;
    private final MVMap<Long, String> alerts;
    private final MVMap<String, Long> incidents;
    private final MVMap<String, Long> seen;
    private final MVMap<String, Boolean> silent;
    private long nextId;

    public AlertStore(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        H2FileSystem.load(); // before any thread opens an H2 file
        store = new MVStore.Builder().fileName(file.toString()).open();
        alerts = store.openMap("alerts");
        incidents = store.openMap("incidents");
        seen = store.openMap("seen");
        silent = store.openMap("silent");
        Long last = alerts.lastKey();
        nextId = last == null ? 1 : last + 1;
    }

    /** Stores a new alert (or, for a repeat, raises its incident's count); returns the alert's id. */
    public synchronized long record(Alert a) {
        if (a.repeat()) {
            Long id = incidents.get(a.incident());
            if (id != null) {
                String json = alerts.get(id);
                if (json != null) alerts.put(id, AlertJson.withCount(json, a.count()));
                return id;
            }
        }
        long id = nextId++;
        alerts.put(id, AlertJson.write(id, a));
        if (a.state().equals("firing")) incidents.put(a.incident(), id);
        else incidents.remove(a.incident());
        store.commit();
        return id;
    }

    /** Newest first; each item the alert's JSON. Filters may be null. */
    public synchronized List<String> list(String rule, String state, Long before, int limit) {
        List<String> out = new ArrayList<>();
        Iterator<Long> keys = alerts.keyIteratorReverse(before == null ? null : before - 1);
        while (keys.hasNext() && out.size() < limit) {
            String json = alerts.get(keys.next());
            if (rule != null && !json.contains("\"rule\":" + AlertJson.quote(rule))) continue;
            if (state != null && !json.contains("\"state\":" + AlertJson.quote(state))) continue;
            out.add(json);
        }
        return out;
    }

    public synchronized void saveSilence(Map<String, Long> lastSeen, Set<String> silentNow) {
        seen.putAll(lastSeen);
        silent.keySet().retainAll(silentNow);
        for (String s : silentNow) silent.put(s, Boolean.TRUE);
        store.commit();
    }

    public Map<String, Long> lastSeen() {
        return new HashMap<>(seen);
    }

    public Set<String> silent() {
        return new HashSet<>(silent.keySet());
    }

    @Override
    public synchronized void close() {
        store.commit();
        store.close();
    }
}

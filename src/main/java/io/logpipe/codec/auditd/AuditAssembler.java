package io.logpipe.codec.auditd;

import io.logpipe.event.LogEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Puts audit records that arrive one per message (audisp's syslog plugin) back into one event per
 * serial: records of one sender and serial are held while they keep coming, and the event goes out at
 * the serial's {@code EOE}, when the sender moves to another serial, or at the end of what the
 * listener read in one go ({@link #flush}), whichever is first. Nothing waits past the read that
 * brought it, so the listener's acknowledgements and durability points stay where they were. One per
 * I/O thread (not thread-safe).
 */
public final class AuditAssembler {
    private final Map<String, List<LogEvent>> open = new LinkedHashMap<>();

    /**
     * Takes a decoded event: an audit record is held (true), anything else is left to the caller (false).
     * Groups it completes or ends go to {@code out} first.
     */
    public boolean offer(LogEvent e, Consumer<LogEvent> out) {
        if (!"auditd".equals(e.getFormat())
                || !(e.getFields() != null && e.getFields().get("audit") instanceof Map<?, ?> audit)) return false;
        String sender = e.getSource() == null
                ? ""
                : e.getSource().ip() + ":" + e.getSource().port();
        String key = sender + "|" + audit.get("node") + "|" + audit.get("serial");
        List<Map<String, Object>> records = AuditdDecoder.records(e);
        boolean eoe = records.size() == 1 && "EOE".equals(records.get(0).get("type"));
        // a sender that moved to another serial has finished the previous one
        for (var it = open.entrySet().iterator(); it.hasNext(); ) {
            var g = it.next();
            if (!g.getKey().equals(key) && g.getKey().startsWith(sender + "|")) {
                out.accept(AuditdDecoder.merge(g.getValue()));
                it.remove();
            }
        }
        if (eoe) {
            List<LogEvent> done = open.remove(key);
            if (done != null) out.accept(AuditdDecoder.merge(done));
            return true; // the end marker itself carries nothing
        }
        open.computeIfAbsent(key, k -> new ArrayList<>()).add(e);
        return true;
    }

    /** Sends every group still open. */
    public void flush(Consumer<LogEvent> out) {
        for (List<LogEvent> g : open.values()) out.accept(AuditdDecoder.merge(g));
        open.clear();
    }

    public boolean isEmpty() {
        return open.isEmpty();
    }
}

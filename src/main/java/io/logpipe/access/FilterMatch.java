package io.logpipe.access;

import io.logpipe.event.ExtractedFields;
import io.logpipe.event.LogEvent;
import io.logpipe.store.EventFilter;
import java.util.Locale;
import java.util.function.Predicate;

/** The query API's filter applied to one event in memory (live tail), with the same meaning as in SQL; time is not checked. */
public record FilterMatch(EventFilter filter) implements Predicate<LogEvent> {
    @Override
    public boolean test(LogEvent e) {
        EventFilter f = filter;
        if (!f.hosts().isEmpty() && !f.hosts().contains(e.getHost())) return false;
        if (!f.apps().isEmpty() && !f.apps().contains(e.getApp())) return false;
        if (!f.formats().isEmpty() && !f.formats().contains(e.getFormat())) return false;
        if (!f.facilities().isEmpty() && !f.facilities().contains(e.getFacilityCode())) return false;
        if (f.severity() != null && e.getSeverityCode() != f.severity()) return false;
        if (f.minSeverity() != null && e.getSeverityCode() > f.minSeverity()) return false;
        if (!f.listeners().isEmpty()
                && (e.getSource() == null
                        || !f.listeners().contains(e.getSource().listener()))) return false;
        for (var ex : f.excluded().entrySet()) {
            String value = switch (ex.getKey()) {
                case "facility" -> String.valueOf(e.getFacilityCode());
                case "severity" -> String.valueOf(e.getSeverityCode());
                case "listener" -> e.getSource() == null ? null : e.getSource().listener();
                case "format" -> e.getFormat();
                case "app" -> e.getApp();
                default -> e.getHost();
            };
            if (value != null && ex.getValue().contains(value)) return false;
        }
        for (var x : f.extracted().entrySet()) {
            Object value = ExtractedFields.get(e, x.getKey());
            if (value == null || !x.getValue().contains(String.valueOf(value))) return false;
        }
        for (var x : f.extractedExcluded().entrySet()) {
            Object value = ExtractedFields.get(e, x.getKey());
            if (value != null && x.getValue().contains(String.valueOf(value))) return false;
        }
        if (f.text() != null) {
            String m = e.getMessage();
            return m != null && m.toLowerCase(Locale.ROOT).contains(f.text().toLowerCase(Locale.ROOT));
        }
        return true;
    }
}

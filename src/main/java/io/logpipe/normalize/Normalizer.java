package io.logpipe.normalize;

import io.logpipe.event.LogEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Applies rulebases to an event: the first rulebase (in the order given) with a matching rule adds its fields. */
public final class Normalizer {
    private Normalizer() {}

    /** The rulebase that matched, or null when none did (the event is unchanged). */
    public static Rulebase apply(LogEvent e, List<Rulebase> rulebases) {
        for (Rulebase rb : rulebases) {
            if (!rb.applies(e)) continue;
            Rulebase.Match m = rb.match(e.getMessage());
            if (m == null) continue;
            // a copy: a decoder's fields may be immutable, and other holders of the event must not see a half-filled
            // map
            Map<String, Object> fields =
                    e.getFields() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(e.getFields());
            fields.putAll(m.fields());
            e.setFields(fields);
            return rb;
        }
        return null;
    }
}

package io.logpipe.api;

import io.logpipe.codec.Decoder;
import io.logpipe.codec.Decoders;
import io.logpipe.codec.Guarded;
import io.logpipe.codec.cloudtrail.CloudTrailDecoder;
import io.logpipe.codec.json.JsonDecoder;
import io.logpipe.codec.vpcflow.VpcFlowDecoder;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Decoders by the name used in {@code ?format=}; later formats register here too. */
@ApplicationScoped
public class DecoderRegistry {
    private final Map<String, Decoder> byName = new TreeMap<>();

    public DecoderRegistry() {
        for (String name : Decoders.NAMES) register(Decoders.frameDecoder(name));
        register(Guarded.of(new CloudTrailDecoder()));
        register(Guarded.of(new VpcFlowDecoder()));
        register(Guarded.of(new JsonDecoder(JsonDecoder.Mapping.DEFAULT))); // as ingest:json with its default keys
    }

    public final void register(Decoder d) {
        byName.put(d.format(), d);
    }

    public Decoder get(String name) {
        return name == null ? null : byName.get(name.toLowerCase(Locale.ROOT));
    }

    public Set<String> names() {
        return byName.keySet();
    }
}

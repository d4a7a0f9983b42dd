package io.logpipe.routetest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.model.ChoiceDefinition;
import org.apache.camel.model.FromDefinition;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.SendDefinition;
import org.apache.camel.model.ToDynamicDefinition;

/**
 * Turns a user's routes into routes under test: a listener's {@code from} becomes
 * {@code direct:logpipe-test-in.ROUTE} (nothing binds a port), {@code seda:} becomes {@code direct:}
 * (so a test sees the whole path at once), and every sink becomes a recording stand-in. The steps that
 * only shape events ({@code direct:}, {@code normalize:}, {@code decode:}) and every processor, filter
 * and choice run as written.
 */
final class RouteRewriter {
    static final String ENTRY = "direct:logpipe-test-in.";
    private static final Set<String> RUN_AS_WRITTEN = Set.of("direct", "normalize", "decode");

    private final CamelContext camel;
    private final SinkRecorder recorder;

    RouteRewriter(CamelContext camel, SinkRecorder recorder) {
        this.camel = camel;
        this.recorder = recorder;
    }

    /** Rewrites {@code route} in place; returns the URI its {@code from} had (placeholders resolved). */
    String rewrite(RouteDefinition route) {
        FromDefinition from = route.getInput();
        String original = resolve(from.getEndpointUri());
        String scheme = scheme(original);
        if (scheme.equals("seda")) from.setUri("direct:logpipe-seda." + name(original));
        else if (!scheme.equals("direct")) from.setUri(ENTRY + route.getRouteId());
        walk(route.getOutputs(), Collections.newSetFromMap(new IdentityHashMap<>()));
        return original;
    }

    private void walk(List<?> outputs, Set<Object> seen) {
        if (outputs == null) return;
        for (Object o : outputs) {
            if (!(o instanceof ProcessorDefinition<?> p) || !seen.add(p)) continue;
            if (p instanceof SendDefinition<?> send) send.setUri(replacement(send.getEndpointUri()));
            else if (p instanceof ToDynamicDefinition toD) toD.setUri(replacement(toD.getUri()));
            if (p instanceof ChoiceDefinition choice) {
                List<Object> branches = new ArrayList<>(choice.getWhenClauses());
                if (choice.getOtherwise() != null) branches.add(choice.getOtherwise());
                walk(branches, seen);
            }
            walk(p.getOutputs(), seen);
        }
    }

    private String replacement(String uri) {
        if (uri == null) return null;
        String resolved = resolve(uri);
        String scheme = scheme(resolved);
        if (scheme.equals("seda")) return "direct:logpipe-seda." + name(resolved);
        if (RUN_AS_WRITTEN.contains(scheme)) return uri;
        return RecordingComponent.SCHEME + ":" + recorder.register(resolved);
    }

    private String resolve(String uri) {
        try {
            return camel.resolvePropertyPlaceholders(uri);
        } catch (RuntimeException unresolvable) {
            return uri; // the route check reports it
        }
    }

    static String scheme(String uri) {
        int colon = uri.indexOf(':');
        return colon < 0 ? "" : uri.substring(0, colon).toLowerCase(Locale.ROOT);
    }

    /** seda:NAME?options -> NAME */
    private static String name(String uri) {
        String rest = uri.substring(uri.indexOf(':') + 1);
        if (rest.startsWith("//")) rest = rest.substring(2);
        int q = rest.indexOf('?');
        return q < 0 ? rest : rest.substring(0, q);
    }
}

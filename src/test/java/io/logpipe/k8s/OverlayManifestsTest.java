package io.logpipe.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.logpipe.config.SettingsValidator;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The two-tier overlays rendered with kubectl kustomize and cross-checked against the application:
 * the role and its routes directory, every environment variable a real setting, ports between
 * container, settings and Service, labels and selectors, referenced ConfigMaps present, and the
 * routes ConfigMap equal to the repository's role routes.
 */
@SuppressWarnings("unchecked")
class OverlayManifestsTest {
    static List<Map<String, Object>> render(String overlay) throws Exception {
        Process p = new ProcessBuilder(
                        "kubectl", "kustomize", "--load-restrictor", "LoadRestrictionsNone", "k8s/overlays/" + overlay)
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "kubectl kustomize failed: " + out);
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object d : new Load(LoadSettings.builder().build()).loadAllFromString(out))
            if (d != null) docs.add((Map<String, Object>) d);
        return docs;
    }

    static Map<String, Object> kind(List<Map<String, Object>> docs, String kind) {
        return docs.stream()
                .filter(d -> kind.equals(d.get("kind")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind));
    }

    static List<Map<String, Object>> all(List<Map<String, Object>> docs, String kind) {
        return docs.stream().filter(d -> kind.equals(d.get("kind"))).toList();
    }

    static Object at(Object o, String... path) {
        Object cur = o;
        for (String k : path) cur = ((Map<String, Object>) cur).get(k);
        return cur;
    }

    /** The environment-variable spelling of every setting the application knows. */
    static Set<String> settingsAsEnv() throws Exception {
        var config = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(
                        OverlayManifestsTest.class.getResource("/application.properties"), 250))
                .build();
        Set<String> env = new HashSet<>();
        for (String name : config.getPropertyNames())
            env.add(name.replaceAll("[^A-Za-z0-9]", "_").toUpperCase());
        for (String name : SettingsValidator.KNOWN)
            env.add(name.replaceAll("[^A-Za-z0-9]", "_").toUpperCase());
        return env;
    }

    @ParameterizedTest
    @CsvSource({"collector, DaemonSet", "processor, StatefulSet"})
    void overlayAgreesWithTheApplication(String role, String workload) throws Exception {
        List<Map<String, Object>> docs = render(role);
        Map<String, Object> w = kind(docs, workload);
        Map<String, Object> pod = (Map<String, Object>) at(w, "spec", "template");
        Map<String, Object> container = ((List<Map<String, Object>>) at(pod, "spec", "containers")).get(0);

        // the role, and every variable a real setting
        Set<String> known = settingsAsEnv();
        Map<String, Object> env = new HashMap<>();
        for (Map<String, Object> e : (List<Map<String, Object>>) container.get("env")) {
            String name = (String) e.get("name");
            // LOGPIPE_AUTH_TOKEN_<NAME> is logpipe.auth.token.<name>, a setting with a name of the user's choosing
            assertTrue(
                    known.contains(name) || name.startsWith("LOGPIPE_AUTH_TOKEN_"),
                    name + " is not a logpipe or Quarkus setting");
            env.put(name, e.containsKey("value") ? e.get("value") : e.get("valueFrom"));
        }
        assertEquals(role, env.get("LOGPIPE_ROLE"));

        // the routes ConfigMap is mounted where the role reads routes, and holds exactly the role's routes
        String routesDir = "routes/" + role;
        Map<String, Object> mount = ((List<Map<String, Object>>) container.get("volumeMounts"))
                .stream()
                        .filter(m -> "routes".equals(m.get("name")))
                        .findFirst()
                        .orElseThrow();
        assertEquals("/deployments/" + routesDir, mount.get("mountPath"));
        String routesMap = (String) ((List<Map<String, Object>>) at(pod, "spec", "volumes"))
                .stream()
                        .filter(v -> "routes".equals(v.get("name")))
                        .findFirst()
                        .map(v -> at(v, "configMap", "name"))
                        .orElseThrow();
        Map<String, Object> data = (Map<String, Object>) all(docs, "ConfigMap").stream()
                .filter(c -> routesMap.equals(at(c, "metadata", "name")))
                .findFirst()
                .orElseThrow()
                .get("data");
        try (Stream<Path> files = Files.list(Path.of(routesDir))) {
            List<Path> yaml = files.filter(f -> f.toString().endsWith(".yaml")).toList();
            assertEquals(yaml.size(), data.size(), "route files in the ConfigMap " + data.keySet());
            for (Path f : yaml)
                assertEquals(Files.readString(f), data.get(f.getFileName().toString()), "ConfigMap copy of " + f);
        }

        // every configMapKeyRef points at a rendered ConfigMap with that key
        for (Map<String, Object> e : (List<Map<String, Object>>) container.get("env")) {
            Map<String, Object> ref = (Map<String, Object>) at(e, "valueFrom") == null
                    ? null
                    : (Map<String, Object>) at(e, "valueFrom", "configMapKeyRef");
            if (ref == null) continue;
            Map<String, Object> cm = all(docs, "ConfigMap").stream()
                    .filter(c -> ref.get("name").equals(at(c, "metadata", "name")))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no ConfigMap " + ref.get("name")));
            assertTrue(((Map<String, Object>) cm.get("data")).containsKey((String) ref.get("key")), ref.toString());
        }

        // labels: the selector picks the pods, the Service picks the same pods, the component is the role
        Map<String, Object> podLabels = (Map<String, Object>) at(pod, "metadata", "labels");
        assertEquals(role, podLabels.get("app.kubernetes.io/component"));
        assertTrue(podLabels
                .entrySet()
                .containsAll(((Map<String, Object>) at(w, "spec", "selector", "matchLabels")).entrySet()));
        Map<String, Object> service = kind(docs, "Service");
        assertTrue(
                podLabels.entrySet().containsAll(((Map<String, Object>) at(service, "spec", "selector")).entrySet()));

        // Service target ports exist on the container; listener ports agree with the settings
        Map<String, Integer> ports = new HashMap<>();
        for (Map<String, Object> p : (List<Map<String, Object>>) container.get("ports"))
            ports.put((String) p.get("name"), (Integer) p.get("containerPort"));
        for (Map<String, Object> p : (List<Map<String, Object>>) at(service, "spec", "ports")) {
            assertNotNull(ports.get(p.get("targetPort")), "Service port " + p + " targets a container port");
        }
        assertEquals(ports.get("http"), Integer.valueOf((String) env.get("QUARKUS_HTTP_PORT")));
        if (role.equals("collector")) {
            assertEquals(ports.get("syslog-tcp"), Integer.valueOf((String) env.get("LOGPIPE_SYSLOG_PORT")));
            assertEquals(ports.get("relp"), Integer.valueOf((String) env.get("LOGPIPE_RELP_PORT")));
            Set<String> exposed = new HashSet<>();
            for (Map<String, Object> p : (List<Map<String, Object>>) at(service, "spec", "ports"))
                exposed.add(p.get("port") + "/" + p.get("protocol"));
            assertTrue(exposed.containsAll(List.of("514/UDP", "514/TCP", "2514/TCP")), exposed.toString());
        } else {
            // each processor keeps its queues on its own volume
            List<Map<String, Object>> claims = (List<Map<String, Object>>) at(w, "spec", "volumeClaimTemplates");
            Map<String, Object> data2 = ((List<Map<String, Object>>) container.get("volumeMounts"))
                    .stream()
                            .filter(m -> "/deployments/data".equals(m.get("mountPath")))
                            .findFirst()
                            .orElseThrow();
            assertEquals(at(claims.get(0), "metadata", "name"), data2.get("name"));
            assertEquals("/deployments/data", env.get("LOGPIPE_DATA_DIR"));
        }
    }
}

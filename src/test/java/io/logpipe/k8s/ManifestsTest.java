package io.logpipe.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * No cluster here: render k8s/ with kubectl kustomize and check that the manifests agree with
 * the application's own configuration (ports, probes, labels, the routes in the ConfigMap).
 */
@SuppressWarnings("unchecked")
class ManifestsTest {
    static List<Map<String, Object>> docs = new ArrayList<>();
    static Properties appProps = new Properties();

    @BeforeAll
    static void render() throws Exception {
        Process p = new ProcessBuilder("kubectl", "kustomize", "--load-restrictor", "LoadRestrictionsNone", "k8s/")
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "kubectl kustomize failed: " + out);
        for (Object d : new Load(LoadSettings.builder().build()).loadAllFromString(out)) {
            if (d != null) docs.add((Map<String, Object>) d);
        }
        try (FileReader r = new FileReader("application.properties", StandardCharsets.UTF_8)) {
            appProps.load(r);
        }
    }

    static Map<String, Object> kind(String kind) {
        return docs.stream()
                .filter(d -> kind.equals(d.get("kind")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind));
    }

    static Map<String, Object> map(Object o, String... path) {
        Object cur = o;
        for (String k : path) cur = ((Map<String, Object>) cur).get(k);
        return (Map<String, Object>) cur;
    }

    static Map<String, Object> container() {
        List<Object> containers = (List<Object>)
                map(kind("StatefulSet"), "spec", "template", "spec").get("containers");
        return (Map<String, Object>) containers.get(0);
    }

    static String env(String name) {
        for (Object e : (List<Object>) container().get("env")) {
            Map<String, Object> m = (Map<String, Object>) e;
            if (name.equals(m.get("name"))) return String.valueOf(m.get("value"));
        }
        return null;
    }

    /** The Secret reference of an environment variable of the container, or null. */
    static Map<String, Object> secretKeyRef(String name) {
        for (Object o : (List<Object>) container().get("env")) {
            Map<String, Object> m = (Map<String, Object>) o;
            if (name.equals(m.get("name"))) return map(m, "valueFrom", "secretKeyRef");
        }
        return null;
    }

    static int containerPort(String name) {
        for (Object p : (List<Object>) container().get("ports")) {
            Map<String, Object> m = (Map<String, Object>) p;
            if (name.equals(m.get("name"))) return (Integer) m.get("containerPort");
        }
        throw new AssertionError("no container port " + name);
    }

    @Test
    void serviceExposes514OverUdpAndTcpToTheSyslogPort() {
        int syslogPort = Integer.parseInt(appProps.getProperty("logpipe.syslog.port"));
        assertEquals(String.valueOf(syslogPort), env("LOGPIPE_SYSLOG_PORT"));
        List<String> seen = new ArrayList<>();
        for (Object o : (List<Object>) map(kind("Service"), "spec").get("ports")) {
            Map<String, Object> p = (Map<String, Object>) o;
            if (String.valueOf(p.get("name")).startsWith("syslog")) {
                assertEquals(514, p.get("port"));
                assertEquals(
                        syslogPort, containerPort((String) p.get("targetPort")), "targetPort " + p.get("targetPort"));
                seen.add((String) p.get("protocol"));
            }
        }
        assertTrue(seen.containsAll(List.of("UDP", "TCP")), "protocols " + seen);
    }

    @Test
    void serviceExposesRelpOnItsPort() {
        int relpPort = Integer.parseInt(appProps.getProperty("logpipe.relp.port"));
        assertEquals(String.valueOf(relpPort), env("LOGPIPE_RELP_PORT"));
        assertEquals(relpPort, containerPort("relp"));
        boolean found = false;
        for (Object o : (List<Object>) map(kind("Service"), "spec").get("ports")) {
            Map<String, Object> p = (Map<String, Object>) o;
            if ("relp".equals(p.get("targetPort"))) {
                assertEquals(2514, p.get("port"));
                assertEquals("TCP", p.get("protocol"));
                found = true;
            }
        }
        assertTrue(found, "the Service has a relp port");
    }

    @Test
    void alertRulesShipInTheirOwnConfigMapMountedWhereTheSettingPoints() throws Exception {
        assertShippedAsConfigMap("alerts", "logpipe-alerts", "logpipe.alerts.dir");
    }

    @Test
    void rulebasesShipInTheirOwnConfigMapMountedWhereTheSettingPoints() throws Exception {
        assertShippedAsConfigMap("rules", "logpipe-rules", "logpipe.rules.dir");
    }

    /** Every *.yaml of the repository's {@code dir} is in the ConfigMap, unchanged, mounted where {@code setting} points. */
    private void assertShippedAsConfigMap(String dir, String configMap, String setting) throws Exception {
        Map<String, Object> data = docs.stream()
                .filter(d -> "ConfigMap".equals(d.get("kind"))
                        && String.valueOf(map(d, "metadata").get("name")).startsWith(configMap))
                .findFirst()
                .map(d -> map(d, "data"))
                .orElseThrow();
        try (Stream<Path> files = Files.list(Path.of(dir))) {
            List<Path> yaml = files.filter(f -> f.toString().endsWith(".yaml")).toList();
            assertEquals(yaml.size(), data.size(), "every file of " + dir + "/ in " + configMap);
            for (Path f : yaml)
                assertEquals(Files.readString(f), data.get(f.getFileName().toString()), "ConfigMap copy of " + f);
        }
        boolean mounted = ((List<Object>) container().get("volumeMounts"))
                .stream()
                        .anyMatch(m -> ("/deployments/" + appProps.getProperty(setting))
                                .equals(((Map<String, Object>) m).get("mountPath")));
        assertTrue(mounted, dir + " mounted at /deployments/" + appProps.getProperty(setting));
    }

    @Test
    void databaseSettingsComeFromAnOptionalSecretNamedAfterTheSettings() {
        for (String[] e : new String[][] {
            {"LOGPIPE_DB_URL", "url"}, {"LOGPIPE_DB_USER", "user"}, {"LOGPIPE_DB_PASSWORD", "password"}
        }) {
            Map<String, Object> ref = secretKeyRef(e[0]);
            assertNotNull(ref, e[0]);
            assertEquals("logpipe-db", ref.get("name"));
            assertEquals(e[1], ref.get("key"));
            assertEquals(Boolean.TRUE, ref.get("optional"), "without the Secret logpipe runs on its embedded H2");
            // the variable must be what SmallRye maps to the documented setting
            assertTrue(appProps.containsKey(e[0].toLowerCase().replace('_', '.')), e[0]);
        }
    }

    @Test
    void apiTokensComeFromAnOptionalSecret() {
        for (String[] e :
                new String[][] {{"LOGPIPE_AUTH_TOKEN_ADMIN", "admin"}, {"LOGPIPE_AUTH_TOKEN_GRAFANA", "grafana"}}) {
            Map<String, Object> ref = secretKeyRef(e[0]);
            assertNotNull(ref, e[0]);
            assertEquals("logpipe-auth", ref.get("name"));
            assertEquals(e[1], ref.get("key"));
            assertEquals(Boolean.TRUE, ref.get("optional"), "without the Secret a first start writes data/admin-token");
        }
    }

    @Test
    void probesHitQuarkusHealthOnTheHttpPort() {
        int http = Integer.parseInt(appProps.getProperty("quarkus.http.port"));
        assertEquals(String.valueOf(http), env("QUARKUS_HTTP_PORT"));
        assertEquals(http, containerPort("http"));
        for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
            Map<String, Object> get = map(container(), probe, "httpGet");
            assertNotNull(get, probe);
            assertTrue(String.valueOf(get.get("path")).startsWith("/q/health"), probe + " path " + get.get("path"));
            assertEquals("http", get.get("port"), probe);
        }
    }

    @Test
    void labelsSelectorsAndResourcesAgree() {
        Map<String, Object> podLabels = map(kind("StatefulSet"), "spec", "template", "metadata", "labels");
        Map<String, Object> deploySelector = map(kind("StatefulSet"), "spec", "selector", "matchLabels");
        Map<String, Object> serviceSelector = map(kind("Service"), "spec", "selector");
        assertTrue(
                podLabels.entrySet().containsAll(deploySelector.entrySet()),
                "deployment selector " + deploySelector + " vs " + podLabels);
        assertTrue(
                podLabels.entrySet().containsAll(serviceSelector.entrySet()),
                "service selector " + serviceSelector + " vs " + podLabels);
        assertNotNull(map(container(), "resources", "requests"));
        assertNotNull(map(container(), "resources", "limits"));
        assertEquals(
                Boolean.TRUE,
                map(kind("StatefulSet"), "spec", "template", "spec", "securityContext")
                        .get("runAsNonRoot"));
    }

    @Test
    void theDataDirectoryIsAPersistentVolumeClaim() {
        Map<String, Object> sts = kind("StatefulSet");
        List<Object> claims = (List<Object>) map(sts, "spec").get("volumeClaimTemplates");
        assertNotNull(claims, "the single node keeps its data on a claim, not an emptyDir");
        assertEquals("data", map(claims.get(0), "metadata").get("name"));
        String mount = ((List<Map<String, Object>>) container().get("volumeMounts"))
                .stream()
                        .filter(m -> "data".equals(m.get("name")))
                        .map(m -> (String) m.get("mountPath"))
                        .findFirst()
                        .orElseThrow();
        assertEquals(env("LOGPIPE_DATA_DIR"), mount);
        List<Map<String, Object>> volumes =
                (List<Map<String, Object>>) map(sts, "spec", "template", "spec").get("volumes");
        assertTrue(
                volumes.stream().noneMatch(v -> "data".equals(v.get("name"))),
                "no pod-local data volume beside the claim");
    }

    @Test
    void devicesOutsideTheClusterReachSyslogAndRelpAndKeepTheirAddress() {
        Map<String, Object> external = docs.stream()
                .filter(d -> "Service".equals(d.get("kind"))
                        && "logpipe-syslog".equals(map(d, "metadata").get("name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no external Service"));
        assertTrue(List.of("LoadBalancer", "NodePort")
                .contains(map(external, "spec").get("type")));
        assertEquals("Local", map(external, "spec").get("externalTrafficPolicy"), "source.ip must stay the device's");
        List<String> ports = new ArrayList<>();
        for (Object o : (List<Object>) map(external, "spec").get("ports")) {
            Map<String, Object> p = (Map<String, Object>) o;
            containerPort((String) p.get("targetPort")); // each one a real container port
            ports.add(p.get("port") + "/" + p.get("protocol"));
        }
        assertEquals(List.of("514/UDP", "514/TCP", "2514/TCP"), ports);
    }

    @Test
    void theImageIsWhatTheReadmeBuildsAndTheDockerfileExposesEveryPort() throws Exception {
        String version = new String(Files.readAllBytes(Path.of("pom.xml")), StandardCharsets.UTF_8)
                .replaceAll("(?s).*?<artifactId>logpipe</artifactId>\\s*<version>([^<]+)</version>.*", "$1");
        String image = (String) container().get("image");
        String operations = Files.readString(Path.of("docs/operations.md"));
        assertTrue(operations.contains("docker build -t " + image + " ."), "docs/operations.md builds " + image);
        assertTrue(image.endsWith(":" + version.replace("-SNAPSHOT", "")), image + " vs " + version);
        for (String overlay :
                List.of("k8s/overlays/collector/daemonset.yaml", "k8s/overlays/processor/statefulset.yaml")) {
            for (String line : Files.readAllLines(Path.of(overlay)))
                if (line.contains("image:")) assertTrue(line.endsWith("image: " + image), overlay + ": " + line);
        }
        String dockerfile = Files.readString(Path.of("Dockerfile"));
        for (String port : List.of("5514/udp", "5514/tcp", "2514/tcp", "8080/tcp"))
            assertTrue(dockerfile.contains(port), "Dockerfile EXPOSE " + port);
        List<String> ignore = Files.readAllLines(Path.of(".dockerignore"));
        assertTrue(
                ignore.contains(".git") && ignore.contains("data"),
                ".dockerignore keeps the repository and local data out: " + ignore);
    }

    @Test
    void configMapCarriesEveryRouteFileAndTheSettings() throws Exception {
        Map<String, Object> routes = docs.stream()
                .filter(d -> "ConfigMap".equals(d.get("kind"))
                        && String.valueOf(map(d, "metadata").get("name")).startsWith("logpipe-routes"))
                .findFirst()
                .map(d -> map(d, "data"))
                .orElseThrow();
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                assertEquals(Files.readString(f), routes.get(f.getFileName().toString()), "ConfigMap copy of " + f);
            }
        }
        Map<String, Object> config = docs.stream()
                .filter(d -> "ConfigMap".equals(d.get("kind"))
                        && String.valueOf(map(d, "metadata").get("name")).startsWith("logpipe-config"))
                .findFirst()
                .map(d -> map(d, "data"))
                .orElseThrow();
        assertEquals(Files.readString(Path.of("application.properties")), config.get("application.properties"));
    }
}

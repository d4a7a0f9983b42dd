package io.logpipe.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A broken route file saved while logpipe runs is rejected with file and line; the running routes keep working. */
class RouteReloadIT {
    void logger(PackagedApp app, String msg) throws Exception {
        Process p = new ProcessBuilder("logger", "-n", "127.0.0.1", "-P", String.valueOf(app.syslogPort), "--tcp", "-t", "reload", "-p", "authpriv.info", msg).start();
        assertEquals(0, p.waitFor());
    }

    @Test
    void brokenSaveIsRejectedAndAGoodSaveApplies() throws Exception {
        Path routes = Files.createTempDirectory("routes");
        try (var files = Files.list(Path.of(System.getProperty("logpipe.repo.dir", ".")).resolve("routes"))) {
            for (Path f : files.toList()) Files.copy(f, routes.resolve(f.getFileName()));
        }
        Path sort = routes.resolve("sort.yaml");
        String original = Files.readString(sort);
        try (PackagedApp app = new PackagedApp(routes)) {
            String broken = original.replace("\"auth,authpriv.*\"", "\"mial.*\"");
            int line = broken.substring(0, broken.indexOf("mial.*")).split("\n", -1).length;
            Files.writeString(sort, broken);
            Path log = app.work.resolve("logpipe.log");
            await().atMost(Duration.ofSeconds(10)).until(() -> PackagedApp.read(log).contains("route reload rejected " + sort + ":" + line + ": selector 'mial.*': unknown facility 'mial'"));
            logger(app, "still routed after a broken save");
            await().atMost(Duration.ofSeconds(10)).until(() -> PackagedApp.read(app.data.resolve("auth.log")).contains("still routed after a broken save"));

            Files.writeString(sort, original.replace("logfile:auth.log", "logfile:auth-new.log"));
            await().atMost(Duration.ofSeconds(10)).until(() -> PackagedApp.read(log).contains("route reload: " + sort + " applied"));
            logger(app, "routed by the edited file");
            await().atMost(Duration.ofSeconds(10)).until(() -> PackagedApp.read(app.data.resolve("auth-new.log")).contains("routed by the edited file"));
        }
    }
}

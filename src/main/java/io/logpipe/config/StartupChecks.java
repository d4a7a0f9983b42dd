package io.logpipe.config;

import io.logpipe.LogpipeMain;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** What start-up needs, checked before Camel loads routes, so a mistake is named with its setting rather than a bare NoSuchFileException. */
@ApplicationScoped
public class StartupChecks {
    @ConfigProperty(name = "logpipe.routes.dir")
    String routesDir;

    void check(@Observes @Priority(1) StartupEvent start) {
        if (Boolean.getBoolean(LogpipeMain.VALIDATING)) return; // validate reports it among the other problems
        Path dir = Path.of(routesDir).toAbsolutePath();
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("the routes directory " + dir
                    + " does not exist (setting logpipe.routes.dir=" + routesDir
                    + ", relative to the working directory " + Path.of("").toAbsolutePath() + ")");
        }
    }
}

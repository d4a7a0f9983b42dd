package io.logpipe.access;

import io.logpipe.LogpipeMain;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Keeps the hosts list across restarts: {@code <data>/state/hosts.tsv}, loaded at start, saved every minute and at shutdown. */
@ApplicationScoped
public class HostsPersistence {
    private static final Logger LOG = Logger.getLogger(HostsPersistence.class);

    @ConfigProperty(name = "logpipe.data.dir")
    String dataDir;

    private ScheduledExecutorService timer;

    Path file() {
        return Path.of(dataDir).resolve("state").resolve("hosts.tsv");
    }

    void start(@Observes StartupEvent e) {
        if (Boolean.getBoolean(LogpipeMain.VALIDATING)) return;
        try {
            HostRegistry.INSTANCE.load(file());
        } catch (Exception ex) {
            LOG.warnf("hosts: cannot read %s (%s); the list starts empty", file(), ex.toString());
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hosts-save");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::save, 60, 60, TimeUnit.SECONDS);
    }

    void stop(@Observes ShutdownEvent e) {
        if (timer == null) return;
        timer.shutdownNow();
        save();
    }

    private void save() {
        try {
            HostRegistry.INSTANCE.save(file());
        } catch (Exception ex) {
            LOG.debugf("hosts: cannot save %s: %s", file(), ex.toString());
        }
    }
}

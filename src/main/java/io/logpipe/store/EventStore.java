package io.logpipe.store;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The application's one event database, built from {@code logpipe.db.*} and kept tidy on a schedule. */
@ApplicationScoped
public class EventStore {
    @ConfigProperty(name = "logpipe.db.url")
    java.util.Optional<String> url;
    @ConfigProperty(name = "logpipe.db.user")
    java.util.Optional<String> user;
    @ConfigProperty(name = "logpipe.db.password")
    java.util.Optional<String> password;
    @ConfigProperty(name = "logpipe.db.pool-size", defaultValue = "8")
    int poolSize;
    @ConfigProperty(name = "logpipe.db.text-index", defaultValue = "true")
    boolean textIndex;
    @ConfigProperty(name = "logpipe.db.retention-days", defaultValue = "30")
    int retentionDays;
    @ConfigProperty(name = "logpipe.db.maintenance-interval-minutes", defaultValue = "60")
    int maintenanceMinutes;
    @ConfigProperty(name = "logpipe.data.dir", defaultValue = "data")
    String dataDir;

    private Database database;
    private StoreMaintenance maintenance;

    void onStart(@Observes StartupEvent event) {
        // validation mode checks settings and routes; it must not create or migrate a database
        if (Boolean.getBoolean(io.logpipe.LogpipeMain.VALIDATING)) return;
        maintenance = new StoreMaintenance(database(), retentionDays, Clock.systemUTC());
        maintenance.start(Duration.ofMinutes(maintenanceMinutes));
    }

    public synchronized Database database() {
        if (database == null) {
            try {
                database = new Database(DbSettings.of(url.orElse(""), user.orElse(""), password.orElse(""), poolSize, textIndex, Path.of(dataDir)));
            } catch (SQLException e) {
                throw new IllegalStateException("event database: " + e.getMessage(), e);
            }
        }
        return database;
    }

    public StoreMaintenance maintenance() { return maintenance; }

    void onStop(@Observes ShutdownEvent event) {
        if (maintenance != null) maintenance.close();
    }

    @PreDestroy
    synchronized void close() {
        // after Camel has stopped the db: producers, whose writers drain into the pool first
        if (database != null) database.close();
    }
}

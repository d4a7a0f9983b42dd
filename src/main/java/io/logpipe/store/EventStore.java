package io.logpipe.store;

import io.logpipe.LogpipeMain;
import io.logpipe.queue.BatchSink;
import io.logpipe.s3.S3Clients;
import io.logpipe.store.archive.ArchiveBeforePurge;
import io.logpipe.store.archive.ArchiveRestore;
import io.logpipe.store.archive.DayArchive;
import io.logpipe.store.archive.RestoreHolds;
import io.logpipe.store.lucene.IndexRetention;
import io.logpipe.store.lucene.LuceneBatchSink;
import io.logpipe.store.lucene.LuceneStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.StorageClass;

/**
 * The application's one event store, kept tidy on a schedule: the embedded Lucene index
 * ({@code logpipe.store=lucene}, the default when no {@code logpipe.db.url} is set) or a JDBC
 * database ({@code logpipe.store=jdbc}, built from {@code logpipe.db.*}; an embedded H2 file when
 * no URL is given).
 */
@ApplicationScoped
public class EventStore {
    private static final Logger LOG = Logger.getLogger(EventStore.class);

    /** lucene or jdbc; unset: jdbc when logpipe.db.url names a database, else lucene */
    @ConfigProperty(name = "logpipe.store")
    Optional<String> kind;

    @ConfigProperty(name = "logpipe.store.lucene.dir")
    Optional<String> luceneDir;

    @ConfigProperty(name = "logpipe.store.lucene.max-field-names", defaultValue = "1000")
    int maxFieldNames;

    @ConfigProperty(name = "logpipe.db.url")
    Optional<String> url;

    @ConfigProperty(name = "logpipe.db.user")
    Optional<String> user;

    @ConfigProperty(name = "logpipe.db.password")
    Optional<String> password;

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

    @ConfigProperty(name = "logpipe.store.archive.bucket")
    Optional<String> archiveBucket;

    @ConfigProperty(name = "logpipe.store.archive.prefix", defaultValue = "logs")
    String archivePrefix;

    @ConfigProperty(name = "logpipe.store.archive.storage-class", defaultValue = "STANDARD")
    String archiveStorageClass;

    @ConfigProperty(name = "logpipe.store.archive.restore-hold-days", defaultValue = "7")
    int restoreHoldDays;

    @ConfigProperty(name = "logpipe.s3.region", defaultValue = "us-east-1")
    String s3Region;

    @ConfigProperty(name = "logpipe.s3.endpoint")
    Optional<String> s3Endpoint;

    @ConfigProperty(name = "logpipe.s3.path-style", defaultValue = "false")
    boolean s3PathStyle;

    @ConfigProperty(name = "logpipe.s3.access-key")
    Optional<String> s3AccessKey;

    @ConfigProperty(name = "logpipe.s3.secret-key")
    Optional<String> s3SecretKey;

    private Database database;
    private LuceneStore index;
    private StoreMaintenance maintenance;
    private IndexRetention indexRetention;
    private DayArchive archive;
    private RestoreHolds holds;

    void onStart(@Observes StartupEvent event) {
        // validation mode checks settings and routes; it must not create or migrate a store
        if (Boolean.getBoolean(LogpipeMain.VALIDATING)) return;
        if (isLucene()) {
            if (!url.orElse("").isBlank())
                LOG.warnf(
                        "logpipe.store=lucene: logpipe.db.url is not used (set logpipe.store=jdbc to store events there)");
            indexRetention = new IndexRetention(index(), retentionRules(), Clock.systemUTC(), gate());
            indexRetention.start(Duration.ofMinutes(maintenanceMinutes));
            return;
        }
        maintenance = new StoreMaintenance(database(), retentionRules(), Clock.systemUTC(), gate());
        maintenance.start(Duration.ofMinutes(maintenanceMinutes));
    }

    /** logpipe.db.retention-days and the classes of logpipe.db.retention.NAME.* */
    RetentionRules retentionRules() {
        Config config = ConfigProvider.getConfig();
        Map<String, String> settings = new HashMap<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(RetentionRules.PREFIX))
                config.getOptionalValue(name, String.class).ifPresent(v -> settings.put(name, v));
        }
        RetentionRules rules = RetentionRules.from(retentionDays, settings);
        if (rules.hasClasses()) LOG.infof("retention: %s", rules.describe());
        return rules;
    }

    public boolean isLucene() {
        return kind.filter(k -> !k.isBlank())
                .map(k -> k.equals("lucene"))
                .orElse(url.orElse("").isBlank());
    }

    /** What the query API asks. */
    public EventQueries queries() {
        return isLucene() ? index() : new SqlEventQueries(database());
    }

    /** The writes of a {@code db:} sink's durable queue. */
    public BatchSink newBatchSink(String name, Duration writeTimeout) {
        return isLucene() ? new LuceneBatchSink(index()) : new DbBatchSink(name, database(), writeTimeout);
    }

    /** The JDBC database; only with {@code logpipe.store=jdbc}. */
    public synchronized Database database() {
        if (isLucene()) throw new IllegalStateException("logpipe.store=lucene: there is no JDBC event database");
        if (database == null) {
            try {
                database = new Database(DbSettings.of(
                        url.orElse(""), user.orElse(""), password.orElse(""), poolSize, textIndex, Path.of(dataDir)));
            } catch (SQLException e) {
                throw new IllegalStateException("event database: " + e.getMessage(), e);
            }
        }
        return database;
    }

    /** The embedded index, opened on first use. */
    public synchronized LuceneStore index() {
        if (index == null) {
            Path dir = luceneDir.filter(d -> !d.isBlank()).map(Path::of).orElse(Path.of(dataDir, "index"));
            try {
                index = new LuceneStore(dir, maxFieldNames);
            } catch (IOException e) {
                throw new IllegalStateException("event index " + dir + ": " + e.getMessage(), e);
            }
        }
        return index;
    }

    public StoreMaintenance maintenance() {
        return maintenance;
    }

    /** The S3 archive days go to before retention removes them; null when none is configured. */
    public synchronized DayArchive archive() {
        if (archive == null && archiveBucket.filter(b -> !b.isBlank()).isPresent()) {
            S3Client s3 = S3Clients.build(
                    s3Region, s3Endpoint.orElse(null), s3PathStyle, s3AccessKey.orElse(null), s3SecretKey.orElse(null));
            archive = new DayArchive(
                    s3,
                    new DayArchive.Settings(
                            archiveBucket.get(),
                            archivePrefix.replaceAll("^/+|/+$", ""),
                            StorageClass.fromValue(archiveStorageClass)),
                    Path.of(dataDir, "state", "archive-export"));
        }
        return archive;
    }

    synchronized RestoreHolds holds() {
        if (holds == null) {
            try {
                holds = new RestoreHolds(Path.of(dataDir, "state", "restored-days"));
            } catch (IOException e) {
                throw new IllegalStateException(
                        "restored days " + Path.of(dataDir, "state", "restored-days") + ": " + e.getMessage(), e);
            }
        }
        return holds;
    }

    private ArchiveBeforePurge gate() {
        return new ArchiveBeforePurge(queries(), archive(), holds(), Clock.systemUTC());
    }

    /** Brings archived days back; null when no archive is configured. */
    public ArchiveRestore restorer() {
        DayArchive a = archive();
        if (a == null) return null;
        return new ArchiveRestore(
                queries(),
                newBatchSink("archive-restore", Duration.ofMinutes(1)),
                a,
                holds(),
                Duration.ofDays(restoreHoldDays),
                Clock.systemUTC());
    }

    void onStop(@Observes ShutdownEvent event) {
        if (maintenance != null) maintenance.close();
        if (indexRetention != null) indexRetention.close();
    }

    @PreDestroy
    synchronized void close() {
        // after Camel has stopped the db: producers, whose writers drain into the store first
        if (database != null) database.close();
        if (index != null) index.close();
    }
}

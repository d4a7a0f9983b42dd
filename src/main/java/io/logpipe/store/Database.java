package io.logpipe.store;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.AgroalConnectionPoolConfiguration;
import io.agroal.api.configuration.AgroalConnectionPoolConfiguration.ExceptionSorter;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.exceptionsorter.MySQLExceptionSorter;
import io.agroal.api.exceptionsorter.PostgreSQLExceptionSorter;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import io.logpipe.net.StallWatchdog;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

/**
 * The event database: a small connection pool and the schema, migrated by Flyway on first use.
 * The database kind follows the JDBC URL at run time, so one build serves H2, PostgreSQL and
 * MariaDB. Nothing connects at construction: a database that is down at start is retried by
 * whoever uses it, and logpipe starts anyway.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Database.class);
    /** a database that hangs must fail the check on borrow, not hold the borrower for ever */
    private static final int VALIDATION_TIMEOUT_SECONDS = 5;

    private final DbSettings settings;
    private final Dialect dialect;
    private final AgroalDataSource pool;
    private volatile boolean migrated;

    public Database(DbSettings settings) throws SQLException {
        this.settings = settings;
        this.dialect = Dialect.of(settings.url());
        AgroalDataSourceConfigurationSupplier config = new AgroalDataSourceConfigurationSupplier()
                .connectionPoolConfiguration(pool -> pool.initialSize(0)
                        .minSize(0)
                        .maxSize(settings.poolSize())
                        .acquisitionTimeout(Duration.ofSeconds(5))
                        // a connection broken by an outage is replaced, not handed out again (COPY
                        // runs on the unwrapped connection, out of the exception sorter's sight)
                        .validateOnBorrow(true)
                        .connectionValidator(
                                AgroalConnectionPoolConfiguration.ConnectionValidator.defaultValidatorWithTimeout(
                                        VALIDATION_TIMEOUT_SECONDS))
                        .validationTimeout(Duration.ofSeconds(30))
                        .exceptionSorter(exceptionSorter())
                        .connectionFactoryConfiguration(cf -> cf.connectionProviderClass(driverClass(dialect))
                                .jdbcUrl(dialect.tune(settings.url()))
                                .autoCommit(true)
                                .loginTimeout(Duration.ofSeconds(5))
                                .principal(settings.user().isEmpty() ? null : new NamePrincipal(settings.user()))
                                .credential(
                                        settings.password().isEmpty()
                                                ? null
                                                : new SimplePassword(settings.password()))));
        H2FileSystem.load(); // before the pool's threads open H2 files
        this.pool = AgroalDataSource.from(config);
    }

    private static Class<?> driverClass(Dialect dialect) {
        try {
            return Class.forName(dialect.driverClass(), true, Database.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("JDBC driver " + dialect.driverClass() + " is not packaged", e);
        }
    }

    /** H2 ErrorCode IO_EXCEPTION_1/2, DATABASE_IS_CLOSED, NO_DISK_SPACE_AVAILABLE, DATABASE_CALLED_AT_SHUTDOWN. */
    private static final Set<Integer> H2_FATAL = Set.of(90028, 90031, 90098, 90100, 90121);

    private ExceptionSorter exceptionSorter() {
        return switch (dialect) {
            case POSTGRESQL -> new PostgreSQLExceptionSorter();
            case MARIADB -> new MySQLExceptionSorter();
            // a write that failed for lack of space closes the embedded database: its connections are
            // thrown away, and the next one opens the file again once there is room
            case H2 -> e -> H2_FATAL.contains(e.getErrorCode());
        };
    }

    public Dialect dialect() {
        return dialect;
    }

    public String describe() {
        return dialect.name().toLowerCase() + " " + settings.safeUrl();
    }

    public boolean isMigrated() {
        return migrated;
    }

    /** A pooled connection to a migrated schema. Throws while the database is unreachable. */
    public Connection connection() throws SQLException {
        ensureMigrated();
        return pool.getConnection();
    }

    /** A write on a connection from {@link #connection}. */
    public interface Write {
        void run() throws SQLException;
    }

    /**
     * Runs a write, ending it if it takes longer than {@code timeout}: a database that stops
     * reading or answering blocks the driver in a socket write or read, which no read timeout
     * alone covers. The driver's own connection is aborted (aborting the pool's wrapper would only
     * detach it); the write then fails as "database stalled" and counts as an outage. Embedded H2
     * has no network to stall.
     */
    public void write(Connection c, Duration timeout, Write work) throws SQLException {
        if (dialect == Dialect.H2) {
            work.run();
            return;
        }
        StallWatchdog.busy(c, timeout.toMillis(), () -> abort(c));
        try {
            work.run();
        } catch (SQLException | RuntimeException e) {
            if (!StallWatchdog.done(c))
                throw new SQLException(
                        "database stalled: write aborted after " + timeout.toMillis() + " ms", "08000", e);
            throw e;
        } finally {
            StallWatchdog.done(c);
        }
    }

    private static void abort(Connection c) {
        try {
            c.unwrap(Connection.class).abort(Runnable::run);
        } catch (SQLException | RuntimeException e) {
            // the write fails or finishes either way
        }
    }

    /** Applies pending migrations once per process; cheap after the first success. */
    public void ensureMigrated() throws SQLException {
        if (migrated) return;
        synchronized (this) {
            if (migrated) return;
            try {
                Flyway.configure(Database.class.getClassLoader())
                        .dataSource(pool)
                        .locations(dialect.migrationLocation())
                        .table("logpipe_schema_history")
                        .baselineOnMigrate(false)
                        .load()
                        .migrate();
            } catch (RuntimeException e) {
                throw new SQLException("schema migration on " + describe() + " failed: " + rootMessage(e), "08000", e);
            }
            try (Connection c = pool.getConnection()) {
                Partitions.ensureAhead(c, dialect, Instant.now());
                TextIndex.apply(c, dialect, settings.textIndex());
            }
            migrated = true;
            LOG.infof("event database ready: %s", describe());
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    @Override
    public void close() {
        pool.close();
    }
}

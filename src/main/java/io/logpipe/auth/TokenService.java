package io.logpipe.auth;

import io.logpipe.LogpipeMain;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** The running instance's tokens; on a first start with none, makes the admin token and says where it is. */
@Singleton
public class TokenService {
    private static final Logger LOG = Logger.getLogger(TokenService.class);

    private final TokenRegistry registry;
    private final Sessions sessions = new Sessions(Clock.systemUTC());
    private final FailedAttempts failures;

    TokenService(
            @ConfigProperty(name = "logpipe.data.dir") String dataDir,
            @ConfigProperty(name = "logpipe.auth.max-failures", defaultValue = "10") int maxFailures) {
        registry = new TokenRegistry(
                TokenSettings.read(ConfigProvider.getConfig(), System.getenv()), Path.of(dataDir), Clock.systemUTC());
        failures = new FailedAttempts(Math.max(1, maxFailures), Clock.systemUTC());
    }

    public Sessions sessions() {
        return sessions;
    }

    /** Milliseconds this address must still wait after too many wrong tokens; 0 when it may try. */
    public long lockedFor(String remote) {
        return failures.lockedFor(remote);
    }

    /**
     * The token of a secret sent from {@code remote}, for the API and the console's sign-in alike: a
     * wrong secret counts towards the address's lockout (logged when it starts), a right one clears the count.
     */
    public Optional<Token> authenticate(String secret, String remote) {
        Optional<Token> token = registry.authenticate(secret);
        if (token.isPresent()) {
            failures.succeeded(remote);
            return token;
        }
        long lock = failures.failed(remote);
        if (lock > 0) Audit.lockedOut(remote, FailedAttempts.seconds(lock), failures.limit());
        return token;
    }

    void onStart(@Observes StartupEvent start) {
        if (Boolean.getBoolean(LogpipeMain.VALIDATING)) return; // validate and token commands make nothing
        Optional<Path> created = registry.createFirstAdminToken();
        created.ifPresent(file -> LOG.infof(
                "No API token was configured: created the admin token 'admin'; its secret is in %s (mode 0600). "
                        + "Use it as 'Authorization: Bearer <secret>'; make more with 'java -jar quarkus-run.jar token create NAME --roles read'",
                file.toAbsolutePath()));
        if (created.isEmpty())
            LOG.infof(
                    "API tokens: %d (%s)",
                    registry.list().size(),
                    String.join(", ", registry.list().stream().map(Token::name).toList()));
    }

    public TokenRegistry registry() {
        return registry;
    }
}

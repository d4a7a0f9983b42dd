package io.logpipe.auth;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.config.Config;

/**
 * Tokens given as settings: {@code logpipe.auth.token.NAME=ROLES:SECRET} in application.properties or
 * {@code -D}, and {@code LOGPIPE_AUTH_TOKEN_NAME} in the environment (what a Kubernetes Secret becomes;
 * the name is lower-cased).
 */
public final class TokenSettings {
    public static final String PREFIX = "logpipe.auth.token.";
    static final String ENV_PREFIX = "LOGPIPE_AUTH_TOKEN_";

    private TokenSettings() {}

    /** Token name to setting value. */
    public static Map<String, String> read(Config config, Map<String, String> env) {
        Map<String, String> tokens = new TreeMap<>();
        for (String key : config.getPropertyNames()) {
            if (key.startsWith(PREFIX) && key.length() > PREFIX.length()) {
                config.getOptionalValue(key, String.class)
                        .ifPresent(v -> tokens.put(key.substring(PREFIX.length()), v));
            }
        }
        env.forEach((key, value) -> {
            if (key.startsWith(ENV_PREFIX) && key.length() > ENV_PREFIX.length()) {
                tokens.putIfAbsent(key.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT), value);
            }
        });
        return tokens;
    }
}

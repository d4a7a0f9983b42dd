package io.logpipe.config;

import io.smallrye.config.PropertiesConfigSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSourceProvider;

/**
 * Reads the user-facing {@code application.properties} from the working directory (or the file
 * named by {@code -Dlogpipe.config=...}) at run time, above the packaged defaults and below
 * environment variables and {@code -D} system properties.
 */
public class WorkingDirConfigSourceProvider implements ConfigSourceProvider {
    /** Same ordinal Quarkus gives {@code config/application.properties} in the working directory. */
    static final int ORDINAL = 260;

    public static Path configFile() {
        return Path.of(System.getProperty("logpipe.config", "application.properties"))
                .toAbsolutePath();
    }

    @Override
    public Iterable<ConfigSource> getConfigSources(ClassLoader forClassLoader) {
        Path file = configFile();
        if (!Files.isRegularFile(file)) return List.of();
        try {
            URL url = file.toUri().toURL();
            return List.of(new PropertiesConfigSource(url, ORDINAL));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}

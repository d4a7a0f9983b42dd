package io.logpipe.component.logfile;

import io.logpipe.queue.Flushes;
import io.logpipe.queue.SinkQueues;
import io.smallrye.config.Expressions;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * {@code logfile:remote/${host}/${app}.log?template=file}: rsyslog's dynaFile as a Camel
 * endpoint. Paths are relative to {@code logpipe.data.dir}; every endpoint writing under the same
 * directory shares one {@link FileSinkWriter}, so two routes naming one file append to one buffer.
 */
@org.apache.camel.spi.annotations.Component("logfile")
public class LogFileComponent extends DefaultComponent {
    private final Map<Path, FileSinkWriter> writers = new ConcurrentHashMap<>();
    private ScheduledExecutorService flusher;

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        LogFileEndpoint endpoint = new LogFileEndpoint(uri, this, remaining);
        setProperties(endpoint, parameters);
        endpoint.compile();
        return endpoint;
    }

    Path dataDir() {
        return SinkQueues.dataDir(getCamelContext()).toAbsolutePath().normalize();
    }

    FileSinkWriter writer(int bufferSize, int maxOpenFiles) {
        return writers.computeIfAbsent(dataDir(), dir -> {
            FileSinkWriter w = new FileSinkWriter(dir, bufferSize, maxOpenFiles);
            Flushes.register(w);
            FileRotation.watch(w);
            FileRotation.install();
            return w;
        });
    }

    /** Named template from application.properties ({@code logpipe.template.NAME}), if any. */
    String namedTemplate(String name) {
        // read without expansion: the template's own ${field}s are not config expressions
        return Expressions.withoutExpansion(() -> ConfigProvider.getConfig()
                .getOptionalValue("logpipe.template." + name, String.class)
                .orElse(null));
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        long intervalMs = getCamelContext()
                .getPropertiesComponent()
                .resolveProperty("logpipe.file.flush-interval-ms")
                .map(Long::parseLong)
                .orElse(1000L);
        flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "logfile-flusher");
            t.setDaemon(true);
            return t;
        });
        // listeners flush at the end of each read; the timer covers sinks fed from other routes
        flusher.scheduleWithFixedDelay(Flushes::flushAll, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
        flusher.scheduleWithFixedDelay(FileRotation::closeMoved, 1000, 1000, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() throws Exception {
        if (flusher != null) flusher.shutdownNow();
        for (FileSinkWriter w : writers.values()) {
            Flushes.unregister(w);
            FileRotation.unwatch(w);
            w.close();
        }
        writers.clear();
        super.doStop();
    }
}

package io.logpipe.extend;

import io.logpipe.LogpipeMain;
import io.logpipe.config.Problem;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.spi.CamelContextCustomizer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Users' processors from source: before the routes are built, the {@code .java} files of
 * {@code logpipe.processors.dir} are compiled (with the jars of {@code logpipe.lib.dir}) and each public
 * class with {@code @BindToRegistry("name")}, or implementing {@link Processor}, is bound under that name
 * (else its simple name with a lower-case first letter), for {@code - process: { ref: name }} or
 * {@code - bean: { ref: name }}. The files are checked every two seconds; a changed set that compiles
 * replaces the processors in place (routes keep running), one that does not is refused with file:line
 * in the log and the running versions stay.
 */
@Singleton
@io.quarkus.arc.Unremovable // Camel looks it up by type; nothing injects it
public class ProcessorBinder implements CamelContextCustomizer {
    private static final Logger LOG = Logger.getLogger(ProcessorBinder.class);
    private final Map<String, SwappableProcessor> processors = new HashMap<>();
    private CamelContext camel;
    private Path dir;
    private Path lib;
    private String stamp = "";
    private int generation;
    private volatile List<Problem> lastProblems = List.of();

    @Override
    public void configure(CamelContext context) {
        this.camel = context;
        var config = ConfigProvider.getConfig();
        dir = Path.of(
                config.getOptionalValue("logpipe.processors.dir", String.class).orElse("processors"));
        lib = Path.of(config.getOptionalValue("logpipe.lib.dir", String.class).orElse("lib"));
        if (Boolean.getBoolean(LogpipeMain.VALIDATING)) return; // validate compiles them itself, and reports
        reload();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "processors");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::reload, 2, 2, TimeUnit.SECONDS);
    }

    /** The problems of the last refused compilation; empty when the files in force are the files on disk. */
    public List<Problem> lastProblems() {
        return lastProblems;
    }

    synchronized void reload() {
        try {
            List<Path> sources = ProcessorCompiler.sources(dir);
            List<Path> jars = ProcessorCompiler.jars(lib);
            StringBuilder now = new StringBuilder();
            for (Path p : sources)
                now.append(p)
                        .append(Files.getLastModifiedTime(p).toMillis())
                        .append(Files.size(p))
                        .append(';');
            for (Path p : jars)
                now.append(p).append(Files.getLastModifiedTime(p).toMillis()).append(';');
            if (now.toString().equals(stamp)) return;
            stamp = now.toString();
            if (sources.isEmpty()) return;
            Path out = Files.createTempDirectory("logpipe-processors-" + (++generation) + "-");
            ProcessorCompiler.Result r = ProcessorCompiler.compile(sources, jars, out);
            List<Problem> problems = new ArrayList<>(r.problems());
            Map<String, Object> beans = new HashMap<>();
            if (problems.isEmpty()) problems.addAll(instantiate(r.classes(), beans));
            if (!problems.isEmpty()) {
                lastProblems = List.copyOf(problems);
                for (Problem p : problems) LOG.errorf("processors not loaded: %s", p);
                LOG.errorf(
                        "processors: %s",
                        processors.isEmpty()
                                ? "none are in force"
                                : "the previous versions stay in force: " + String.join(", ", processors.keySet()));
                return;
            }
            lastProblems = List.of();
            for (Map.Entry<String, Object> b : beans.entrySet()) bind(b.getKey(), b.getValue());
            LOG.infof("processors: %s from %s", String.join(", ", new TreeSet<>(beans.keySet())), dir);
        } catch (IOException | RuntimeException e) {
            LOG.errorf("processors in %s cannot be read: %s", dir, e.toString());
        }
    }

    private void bind(String name, Object bean) {
        if (bean instanceof Processor p) {
            SwappableProcessor s = processors.get(name);
            if (s != null) {
                s.swap(p);
                return;
            }
            s = new SwappableProcessor(p);
            processors.put(name, s);
            camel.getRegistry().bind(name, s);
        } else {
            camel.getRegistry().bind(name, bean); // a plain bean is replaced for routes built after this
        }
    }

    /** One instance of each public, concrete class that asks to be bound or is a processor. */
    static List<Problem> instantiate(List<Class<?>> classes, Map<String, Object> out) {
        List<Problem> problems = new ArrayList<>();
        for (Class<?> c : classes) {
            BindToRegistry bind = c.getAnnotation(BindToRegistry.class);
            if (bind == null && !Processor.class.isAssignableFrom(c)) continue;
            if (!Modifier.isPublic(c.getModifiers()) || Modifier.isAbstract(c.getModifiers()) || c.isInterface())
                continue;
            String name = bind != null && !bind.value().isBlank() ? bind.value() : decapitalize(c.getSimpleName());
            try {
                out.put(name, c.getDeclaredConstructor().newInstance());
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
                problems.add(new Problem(
                        c.getName(),
                        0,
                        "cannot create " + c.getName()
                                + " (it needs a public no-argument constructor that does not fail): " + cause));
            }
        }
        return problems;
    }

    static String decapitalize(String s) {
        return s.isEmpty() ? s : s.substring(0, 1).toLowerCase(Locale.ROOT) + s.substring(1);
    }
}

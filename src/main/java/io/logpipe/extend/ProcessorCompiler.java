package io.logpipe.extend;

import io.logpipe.config.Problem;
import io.logpipe.event.LogEvent;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles the {@code .java} files of the processors directory with the JDK's compiler, against
 * logpipe's own jars and the jars of the libraries directory, and loads the classes in a class loader
 * of their own (so a new version replaces the old). Mistakes come back as {@code file:line: cause}.
 */
public final class ProcessorCompiler {
    /** What a compilation gave: the loaded top-level classes, or the problems. */
    public record Result(List<Class<?>> classes, List<Problem> problems, ClassLoader loader) {}

    private ProcessorCompiler() {}

    public static List<Path> sources(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }

    public static List<Path> jars(Path libDir) throws IOException {
        if (libDir == null || !Files.isDirectory(libDir)) return List.of();
        try (Stream<Path> s = Files.list(libDir)) {
            return s.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        }
    }

    /** @param out an empty directory for the class files */
    public static Result compile(List<Path> sources, List<Path> libJars, Path out) throws IOException {
        if (sources.isEmpty()) return new Result(List.of(), List.of(), null);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            return new Result(
                    List.of(),
                    List.of(new Problem(
                            sources.get(0).getParent().toString(),
                            0,
                            "processors need a JDK (this Java has no compiler: " + System.getProperty("java.home")
                                    + ")")),
                    null);
        }
        Files.createDirectories(out);
        List<String> classpath = new ArrayList<>(logpipeClasspath());
        for (Path j : libJars) classpath.add(j.toAbsolutePath().toString());
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            List<String> options = List.of(
                    "-d",
                    out.toString(),
                    "-classpath",
                    String.join(File.pathSeparator, classpath),
                    "-proc:none",
                    "-nowarn",
                    "--release",
                    "17");
            boolean ok = javac.getTask(
                            null, files, diagnostics, options, null, files.getJavaFileObjectsFromPaths(sources))
                    .call();
            List<Problem> problems = new ArrayList<>();
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                if (d.getKind() != Diagnostic.Kind.ERROR) continue;
                String file = d.getSource() == null
                        ? out.toString()
                        : Path.of(d.getSource().toUri()).toString();
                problems.add(
                        new Problem(file, (int) Math.max(0, d.getLineNumber()), "java: " + d.getMessage(Locale.ROOT)));
            }
            if (!ok || !problems.isEmpty())
                return new Result(
                        List.of(),
                        problems.isEmpty()
                                ? List.of(new Problem(out.toString(), 0, "java: compilation failed"))
                                : problems,
                        null);
        }
        List<URL> urls = new ArrayList<>(List.of(out.toUri().toURL()));
        for (Path j : libJars) urls.add(j.toUri().toURL());
        URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), LogEvent.class.getClassLoader());
        List<Class<?>> classes = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        try (Stream<Path> s = Files.walk(out)) {
            for (Path c : s.filter(p -> p.toString().endsWith(".class")
                            && !p.getFileName().toString().contains("$"))
                    .sorted()
                    .toList()) {
                String name = out.relativize(c)
                        .toString()
                        .replace(File.separatorChar, '.')
                        .replaceAll("\\.class$", "");
                try {
                    classes.add(loader.loadClass(name));
                } catch (ClassNotFoundException | LinkageError e) {
                    problems.add(new Problem(c.toString(), 0, "cannot load " + name + ": " + e));
                }
            }
        }
        return new Result(classes, problems, loader);
    }

    /**
     * What processors compile against: every jar of the packaged app (quarkus-app/app, lib/main, lib/boot)
     * when logpipe runs from it, else the JVM's class path (tests, IDE).
     */
    static List<String> logpipeClasspath() {
        List<String> out = new ArrayList<>();
        try {
            Path here = Path.of(LogEvent.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            Path app = here.getParent() == null
                    ? null
                    : here.getParent().getParent(); // quarkus-app/app/logpipe.jar -> quarkus-app
            if (here.toString().endsWith(".jar") && app != null && Files.isDirectory(app.resolve("lib"))) {
                try (Stream<Path> s = Files.walk(app)) {
                    s.filter(p -> p.toString().endsWith(".jar"))
                            .map(Path::toString)
                            .sorted()
                            .forEach(out::add);
                }
                return out;
            }
            out.add(here.toString());
        } catch (URISyntaxException | IOException | RuntimeException e) {
            // fall back to the class path below
        }
        for (String p : System.getProperty("java.class.path", "").split(File.pathSeparator))
            if (!p.isBlank()) out.add(p);
        return out;
    }
}

package io.logpipe.extend;

import io.logpipe.config.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What {@code validate} says about the processors directory: compile errors by file and line, classes that cannot be created. */
public final class ProcessorCheck {
    private ProcessorCheck() {}

    /** The processors compiled and created, by the name each is bound under; or the problems. */
    public record Loaded(Map<String, Object> beans, List<Problem> problems) {}

    public static List<Problem> problems(Path dir, Path lib) {
        return load(dir, lib).problems();
    }

    /** Compiles and creates the processors as logpipe does at start (route tests bind them). */
    public static Loaded load(Path dir, Path lib) {
        Map<String, Object> beans = new HashMap<>();
        try {
            List<Path> sources = ProcessorCompiler.sources(dir);
            if (sources.isEmpty()) return new Loaded(beans, List.of());
            Path out = Files.createTempDirectory("logpipe-validate-processors");
            ProcessorCompiler.Result r = ProcessorCompiler.compile(sources, ProcessorCompiler.jars(lib), out);
            List<Problem> problems = new ArrayList<>(r.problems());
            if (problems.isEmpty()) problems.addAll(ProcessorBinder.instantiate(r.classes(), beans));
            return new Loaded(problems.isEmpty() ? beans : Map.of(), problems);
        } catch (IOException e) {
            return new Loaded(Map.of(), List.of(new Problem(dir.toString(), 0, "cannot read: " + e.getMessage())));
        }
    }
}

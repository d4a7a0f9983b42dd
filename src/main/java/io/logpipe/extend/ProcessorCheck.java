package io.logpipe.extend;

import io.logpipe.config.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/** What {@code validate} says about the processors directory: compile errors by file and line, classes that cannot be created. */
public final class ProcessorCheck {
    private ProcessorCheck() {}

    public static List<Problem> problems(Path dir, Path lib) {
        try {
            List<Path> sources = ProcessorCompiler.sources(dir);
            if (sources.isEmpty()) return List.of();
            Path out = Files.createTempDirectory("logpipe-validate-processors");
            ProcessorCompiler.Result r = ProcessorCompiler.compile(sources, ProcessorCompiler.jars(lib), out);
            List<Problem> problems = new ArrayList<>(r.problems());
            if (problems.isEmpty()) problems.addAll(ProcessorBinder.instantiate(r.classes(), new HashMap<>()));
            return problems;
        } catch (IOException e) {
            return List.of(new Problem(dir.toString(), 0, "cannot read: " + e.getMessage()));
        }
    }
}

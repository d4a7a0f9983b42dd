package io.logpipe.routetest;

import io.logpipe.config.Problem;
import io.logpipe.config.RouteValidator;
import io.logpipe.extend.ProcessorCheck;
import io.quarkus.runtime.QuarkusApplication;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code java -jar quarkus-run.jar test [ROUTES_DIR [TESTS_DIR]]}: like {@code vector test}, runs the
 * cases of {@code tests/*.yaml} against the route files (checked first, as {@code validate} would),
 * prints every failure as {@code file:line: cause} and exits 1 when a case failed or nothing was tested.
 * No port is opened and no sink is written: listeners and sinks are stood in for.
 */
public class RouteTestCommand implements QuarkusApplication {
    @Inject
    CamelContext camel;

    @ConfigProperty(name = "logpipe.routes.dir")
    String routesDir;

    @ConfigProperty(name = "logpipe.tests.dir", defaultValue = "tests")
    String testsDir;

    @ConfigProperty(name = "logpipe.processors.dir", defaultValue = "processors")
    String processorsDir;

    @ConfigProperty(name = "logpipe.lib.dir", defaultValue = "lib")
    String libDir;

    @Override
    public int run(String... args) throws Exception {
        Path routes = Path.of(args.length > 1 ? args[1] : routesDir);
        Path tests = Path.of(args.length > 2 ? args[2] : testsDir);
        RouteTestRunner runner = new RouteTestRunner(camel);
        List<Problem> problems = new ArrayList<>();
        ProcessorCheck.Loaded processors = ProcessorCheck.load(Path.of(processorsDir), Path.of(libDir));
        problems.addAll(processors.problems());
        runner.bind(processors.beans());
        if (problems.isEmpty()) problems.addAll(new RouteValidator(camel).validateDirectory(routes));
        List<RouteTestCase> cases = new ArrayList<>();
        List<Path> files = RouteTestParser.files(tests);
        for (Path f : files) cases.addAll(RouteTestParser.parse(f, problems));
        // a command's Camel context is built but not started (only logpipe's own main starts it)
        if (problems.isEmpty() && !camel.isStarted()) camel.start();
        if (problems.isEmpty()) problems.addAll(runner.load(RouteValidator.routeFiles(routes)));
        if (!problems.isEmpty()) {
            problems.forEach(p -> System.out.println(p));
            System.out.printf("logpipe test: not run: %d problem(s) in %s or %s%n", problems.size(), routes, tests);
            return 1;
        }
        if (cases.isEmpty()) {
            System.out.printf("logpipe test: no test cases in %s (*.yaml); nothing tested%n", tests.toAbsolutePath());
            return 1;
        }
        int failed = 0;
        for (RouteTestCase c : cases) {
            RouteTestRunner.Outcome o = runner.run(c);
            if (o.passed()) {
                System.out.printf("ok   %s %s%n", c.where(), c.name());
            } else {
                failed++;
                System.out.printf("FAIL %s %s%n", c.where(), c.name());
                for (String f : o.failures()) System.out.printf("%s: test '%s': %s%n", c.where(), c.name(), f);
            }
        }
        System.out.printf(
                "logpipe test: %d test(s) in %d file(s) against %s: %s%n",
                cases.size(), files.size(), routes, failed == 0 ? "all passed" : failed + " failed");
        return failed == 0 ? 0 : 1;
    }
}

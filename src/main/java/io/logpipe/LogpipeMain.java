package io.logpipe;

import io.logpipe.alert.RuleFileParser;
import io.logpipe.auth.TokenCommand;
import io.logpipe.config.Problem;
import io.logpipe.config.RouteValidator;
import io.logpipe.config.SettingsValidator;
import io.logpipe.config.WorkingDirConfigSourceProvider;
import io.logpipe.extend.ProcessorCheck;
import io.logpipe.normalize.RulebaseParser;
import io.logpipe.routetest.RouteTestCommand;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.quarkus.main.CamelMainApplication;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code java -jar quarkus-run.jar} runs logpipe; {@code java -jar quarkus-run.jar validate}
 * checks routes/ and application.properties without opening any listener, prints every problem
 * as {@code file:line: cause}, and exits 1 if there was one (like {@code rsyslogd -N1});
 * {@code java -jar quarkus-run.jar test [routes/ [tests/]]} runs route tests ({@link io.logpipe.routetest.RouteTestCommand});
 * {@code java -jar quarkus-run.jar token ...} manages API tokens ({@link io.logpipe.auth.TokenCommand}).
 */
@QuarkusMain
public class LogpipeMain {
    /** Set while validating: components that would touch the outside world (the database) stay idle. */
    public static final String VALIDATING = "logpipe.validating";

    public static void main(String... args) {
        if (args.length > 0 && args[0].equals("validate")) {
            quietOffline();
            // the normalize: steps the route check creates look for their rulebases where the setting points
            if (args.length > 3) System.setProperty("logpipe.rules.dir", args[3]);
            Quarkus.run(Validate.class, args);
        } else if (args.length > 0 && args[0].equals("test")) {
            quietOffline();
            Quarkus.run(RouteTestCommand.class, args);
        } else if (args.length > 0 && args[0].equals("token")) {
            quietOffline();
            Quarkus.run(TokenCommand.class, args);
        } else {
            // a setting Quarkus would refuse with "Failed to load config value of type int" is named here with
            // file:line, all at once
            Path settings = WorkingDirConfigSourceProvider.configFile();
            List<Problem> problems;
            try {
                problems = new SettingsValidator().validate(settings);
            } catch (IOException e) {
                problems = List.of(new Problem(settings.toString(), 0, "cannot read: " + e.getMessage()));
            }
            if (!problems.isEmpty()) {
                problems.forEach(p -> System.err.println("logpipe: " + p));
                System.err.printf(
                        "logpipe: not started: %d problem(s) in %s (java -jar quarkus-run.jar validate checks routes and alerts too)%n",
                        problems.size(), settings);
                System.exit(1);
            }
            // Camel Quarkus starts Camel from its own QuarkusApplication; a custom main must hand over to it
            Quarkus.run(CamelMainApplication.class, args);
        }
    }

    /** For commands beside a running instance: load no routes (so no listener binds), keep HTTP off the configured port, keep the log quiet. */
    private static void quietOffline() {
        System.setProperty(VALIDATING, "true");
        System.setProperty("camel.main.routes-include-pattern", "file:/nonexistent-logpipe-validate/*.yaml");
        System.setProperty("quarkus.http.port", "0");
        System.setProperty("quarkus.http.ssl-port", "0");
        System.setProperty("quarkus.log.level", "WARN");
        System.setProperty("quarkus.log.category.\"io.logpipe\".level", "WARN");
    }

    public static class Validate implements QuarkusApplication {
        @Inject
        CamelContext camel;

        @ConfigProperty(name = "logpipe.routes.dir")
        String routesDir;

        @ConfigProperty(name = "logpipe.alerts.dir", defaultValue = "alerts")
        String alertsDir;

        @ConfigProperty(name = "logpipe.rules.dir", defaultValue = "rules")
        String rulesDir;

        @ConfigProperty(name = "logpipe.processors.dir", defaultValue = "processors")
        String processorsDir;

        @ConfigProperty(name = "logpipe.lib.dir", defaultValue = "lib")
        String libDir;

        @Override
        public int run(String... args) throws Exception {
            Path routes = Path.of(args.length > 1 ? args[1] : routesDir);
            Path alerts = Path.of(args.length > 2 ? args[2] : alertsDir);
            Path rules = Path.of(args.length > 3 ? args[3] : rulesDir);
            Path settings = WorkingDirConfigSourceProvider.configFile();
            List<Problem> problems = new ArrayList<>(new SettingsValidator().validate(settings));
            // processors compile (and load) first, like at start
            problems.addAll(ProcessorCheck.problems(Path.of(processorsDir), Path.of(libDir)));
            // rulebases first: a route's normalize:NAME is checked against them
            try {
                RulebaseParser.parse(RulebaseParser.files(rules));
            } catch (RulebaseParser.RulebaseException e) {
                problems.addAll(e.problems);
            }
            problems.addAll(new RouteValidator(camel).validateDirectory(routes));
            try {
                RuleFileParser.parse(RuleFileParser.files(alerts));
            } catch (RuleFileParser.RuleException e) {
                problems.addAll(e.problems);
            }
            problems.forEach(p -> System.out.println(p));
            System.out.printf(
                    "logpipe validate: %s, %s, %s and %s: %s%n",
                    settings,
                    routes.toAbsolutePath(),
                    alerts.toAbsolutePath(),
                    rules.toAbsolutePath(),
                    problems.isEmpty() ? "OK" : problems.size() + " problem(s)");
            return problems.isEmpty() ? 0 : 1;
        }
    }
}

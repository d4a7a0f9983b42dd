package io.logpipe.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** logpipe.role picks the routes directory, unless logpipe.routes.dir is given; the validator knows the role values. */
class RoleSettingsTest {
    static SmallRyeConfig config(Map<String, String> overrides) throws Exception {
        return new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withSources(
                        new PropertiesConfigSource(RoleSettingsTest.class.getResource("/application.properties"), 250))
                .withSources(new PropertiesConfigSource(overrides, "test", 400))
                .build();
    }

    @ParameterizedTest
    @CsvSource({"single, routes", "collector, routes/collector", "processor, routes/processor"})
    void theRoleChoosesTheRoutes(String role, String dir) throws Exception {
        assertEquals(dir, config(Map.of("logpipe.role", role)).getValue("logpipe.routes.dir", String.class));
        assertTrue(Files.isDirectory(Path.of(dir)), dir + " ships with the repository");
    }

    @ParameterizedTest
    @CsvSource({"single, routes", "collector, routes/collector-rabbitmq", "processor, routes/processor-rabbitmq"})
    void theLinkChoosesTheTwoTierRoutes(String role, String dir) throws Exception {
        assertEquals(
                dir,
                config(Map.of("logpipe.role", role, "logpipe.link", "rabbitmq"))
                        .getValue("logpipe.routes.dir", String.class));
        assertTrue(Files.isDirectory(Path.of(dir)), dir + " ships with the repository");
    }

    @Test
    void anUnknownLinkIsRejectedWithTheLine() throws Exception {
        Path f = Files.createTempFile("settings", ".properties");
        Files.writeString(f, "logpipe.link=amqp\n");
        var problems = new SettingsValidator().validate(f);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(
                problems.get(0).toString().contains(":1:")
                        && problems.get(0).toString().contains("kafka or rabbitmq"),
                problems.toString());
    }

    @Test
    void anExplicitRoutesDirWins() throws Exception {
        assertEquals(
                "/etc/logpipe/routes",
                config(Map.of("logpipe.role", "collector", "logpipe.routes.dir", "/etc/logpipe/routes"))
                        .getValue("logpipe.routes.dir", String.class));
    }

    @Test
    void anUnknownRoleIsRejectedWithTheLine() throws Exception {
        Path f = Files.createTempFile("settings", ".properties");
        Files.writeString(f, "# two-tier\nlogpipe.role=colector\n");
        var problems = new SettingsValidator().validate(f);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(
                problems.get(0).toString().contains(":2:")
                        && problems.get(0).toString().contains("single, collector or processor"),
                problems.toString());
        assertTrue(
                new SettingsValidator()
                        .validate(Path.of("application.properties"))
                        .isEmpty(),
                "the shipped settings are valid");
    }
}

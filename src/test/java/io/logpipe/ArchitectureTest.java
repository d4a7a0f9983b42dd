package io.logpipe;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.camel.Component;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package rule of docs/architecture.md, checked on the compiled main classes: everything
 * behind a URI scheme lives in {@code io.logpipe.component.<scheme without dashes>}; the core
 * packages never reach into a component; components do not depend on each other in a cycle; codecs
 * stay free of Camel.
 */
class ArchitectureTest {
    private static final Path SERVICES = Path.of("src/main/resources/META-INF/services/org/apache/camel/component");
    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages("io.logpipe");
        assertTrue(main.size() > 200, "the main classes were imported: " + main.size());
    }

    /** The package a URI scheme's code lives in: {@code kafka-events} -> {@code io.logpipe.component.kafkaevents}. */
    static String packageOf(String scheme) {
        return "io.logpipe.component." + scheme.replace("-", "");
    }

    @Test
    void everySchemeIsServedFromItsOwnPackage() throws IOException {
        List<String> wrong = new ArrayList<>();
        List<String> schemes = new ArrayList<>();
        try (Stream<Path> files = Files.list(SERVICES)) {
            for (Path f : files.sorted().toList()) {
                String scheme = f.getFileName().toString();
                schemes.add(scheme);
                Properties p = new Properties();
                try (var in = Files.newInputStream(f)) {
                    p.load(in);
                }
                String cls = p.getProperty("class");
                String pkg = cls.substring(0, cls.lastIndexOf('.'));
                if (!pkg.equals(packageOf(scheme)))
                    wrong.add(scheme + " -> " + cls + " (expected in " + packageOf(scheme) + ")");
            }
        }
        assertTrue(schemes.size() >= 16, "component schemes found: " + schemes);
        assertEquals(List.of(), wrong);
    }

    @Test
    void camelComponentsLiveOnlyInComponentPackagesOnePerPackage() {
        classes()
                .that()
                .implement(Component.class)
                .and()
                .resideOutsideOfPackage("io.logpipe.routetest..")
                .should()
                .resideInAPackage("io.logpipe.component..")
                .because(
                        "a route's URI scheme maps onto io.logpipe.component.<scheme> (routetest's recording stand-in excepted)")
                .check(main);
        List<String> packages = main.stream()
                .filter(c ->
                        c.isAssignableTo(Component.class) && c.getPackageName().startsWith("io.logpipe.component."))
                .filter(c -> !c.getModifiers().contains(JavaModifier.ABSTRACT))
                .map(c -> c.getPackageName())
                .toList();
        // vpcflow's component extends cloudtrail's: one concrete component per package still
        assertEquals(packages.stream().distinct().count(), packages.size(), "one component per package: " + packages);
    }

    @Test
    void corePackagesDoNotReachIntoComponents() {
        noClasses()
                .that()
                .resideInAPackage("io.logpipe..")
                .and()
                .resideOutsideOfPackages("io.logpipe.component..", "io.logpipe.api..", "io.logpipe.routetest..")
                .and()
                .doNotHaveSimpleName("LogpipeMain")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.logpipe.component..")
                .because(
                        "core packages are shared by components; only the outer layer (api, routetest, the main class) wires components in")
                .check(main);
    }

    @Test
    void componentsDoNotDependOnTheOuterLayer() {
        noClasses()
                .that()
                .resideInAPackage("io.logpipe.component..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.logpipe.api..", "io.logpipe.routetest..")
                .check(main);
    }

    @Test
    void componentsAreFreeOfCycles() {
        slices().matching("io.logpipe.component.(*)..")
                .should()
                .beFreeOfCycles()
                .check(main);
    }

    @Test
    void codecsAreFreeOfCamelAndNetty() {
        noClasses()
                .that()
                .resideInAPackage("io.logpipe.codec..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.apache.camel..", "io.netty..")
                .because("codecs are pure Java: bytes in, events out, table-tested without a route")
                .check(main);
    }
}

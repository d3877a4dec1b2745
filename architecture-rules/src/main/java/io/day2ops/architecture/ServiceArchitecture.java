package io.day2ops.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The shape every service keeps (DESIGN.md, "Shapes inside a service"), as rules a build can fail on. A service's
 * {@code ArchitectureTest} calls {@link #rules(String)} over its own main classes and {@link #oversizedSources}
 * over its own sources.
 */
public final class ServiceArchitecture {

    /** A main source file longer than this is doing more than one job. */
    public static final int MAX_SOURCE_LINES = 400;

    /** Database access: the reactive SQL client, JDBC and Hibernate's own API. */
    private static final String[] SQL = {
        "io.vertx.sqlclient..",
        "io.vertx.mutiny.sqlclient..",
        "io.vertx.pgclient..",
        "io.vertx.mutiny.pgclient..",
        "java.sql..",
        "org.hibernate.."
    };

    /**
     * What domain classes must not know: the framework, the Kubernetes client (its model types are the vocabulary of
     * the domain and stay allowed), messaging and the database.
     */
    private static final String[] FRAMEWORK = {
        "io.quarkus..",
        "io.fabric8.kubernetes.client..",
        "io.vertx..",
        "io.smallrye..",
        "org.apache.kafka..",
        "org.eclipse.microprofile..",
        "org.hibernate..",
        "java.sql.."
    };

    private ServiceArchitecture() {}

    /** The main (non-test) classes under {@code basePackage}. */
    public static JavaClasses mainClasses(String basePackage) {
        return new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(basePackage);
    }

    /** Every rule for the service whose classes live under {@code basePackage} ({@code io.day2ops.backup}). */
    public static List<ArchRule> rules(String basePackage) {
        return List.of(
                noClasses()
                        .that()
                        .resideInAnyPackage(basePackage + ".rest..", basePackage + ".messaging..")
                        .should()
                        .dependOnClassesThat()
                        .resideInAnyPackage(SQL)
                        .because("REST and messaging hand work to the service layer; SQL lives in repositories")
                        .allowEmptyShould(true),
                noClasses()
                        .that()
                        .resideInAPackage(basePackage + ".domain..")
                        .should()
                        .dependOnClassesThat()
                        .resideInAnyPackage(FRAMEWORK)
                        .because("domain classes are plain Java, unit-tested without Quarkus, Kafka or a database")
                        .allowEmptyShould(true),
                noClasses()
                        .that()
                        .resideInAnyPackage(
                                basePackage + ".domain..", basePackage + ".service..", basePackage + ".repository..")
                        .should()
                        .dependOnClassesThat()
                        .resideInAnyPackage(basePackage + ".rest..", basePackage + ".messaging..")
                        .because("the ways in (HTTP, Kafka) call inwards, never the other way")
                        .allowEmptyShould(true),
                slices().matching(basePackage + ".(*)..")
                        .should()
                        .beFreeOfCycles()
                        .because("packages that need each other are one package, or a missing abstraction")
                        // A module of one package has no slices to compare; that is not a violation.
                        .allowEmptyShould(true));
    }

    /**
     * {@link #rules(String)} plus what only the four services must keep: one data-access stack. A service reaches
     * PostgreSQL through Hibernate Reactive (Panache repositories, native queries in its repositories for set-based
     * statements), which is what the foundation's inbox, outbox and job queue join in one transaction; the reactive
     * SQL client stays inside the foundation (job claims, the outbox relay).
     */
    public static List<ArchRule> serviceRules(String basePackage) {
        List<ArchRule> all = new java.util.ArrayList<>(rules(basePackage));
        all.add(noClasses()
                .that()
                .resideInAPackage(basePackage + "..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.vertx.sqlclient..",
                        "io.vertx.mutiny.sqlclient..",
                        "io.vertx.pgclient..",
                        "io.vertx.mutiny.pgclient..",
                        "java.sql..")
                .because(
                        "a service has one data-access stack, Hibernate Reactive; the raw client is the foundation's"));
        return all;
    }

    /** Main source files under {@code sourceRoot} longer than {@link #MAX_SOURCE_LINES}, with their length. */
    public static List<String> oversizedSources(Path sourceRoot) {
        List<String> oversized = new ArrayList<>();
        try (Stream<Path> files = Files.walk(sourceRoot)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                long lines;
                try (Stream<String> text = Files.lines(file)) {
                    lines = text.count();
                }
                if (lines > MAX_SOURCE_LINES) {
                    oversized.add(sourceRoot.relativize(file) + " (" + lines + " lines)");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return oversized;
    }
}

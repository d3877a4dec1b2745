package io.day2ops.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.day2ops.architecture.ServiceArchitecture;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The shape of the console, as of every service: see {@link ServiceArchitecture}. */
class ArchitectureTest {

    private static final JavaClasses CLASSES = ServiceArchitecture.mainClasses("io.day2ops.console");

    @TestFactory
    Stream<DynamicTest> everyRuleHolds() {
        return ServiceArchitecture.serviceRules("io.day2ops.console").stream()
                .map(rule -> DynamicTest.dynamicTest(rule.getDescription(), () -> rule.check(CLASSES)));
    }

    @Test
    void noMainSourceFileIsOverTheSizeLimit() {
        assertThat(ServiceArchitecture.oversizedSources(Path.of("src/main/java")))
                .isEmpty();
    }
}

package io.day2ops.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.day2ops.architecture.ServiceArchitecture;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The console keeps the size limit of every module. */
class ArchitectureTest {

    @Test
    void noMainSourceFileIsOverTheSizeLimit() {
        assertThat(ServiceArchitecture.oversizedSources(Path.of("src/main/java")))
                .isEmpty();
    }
}

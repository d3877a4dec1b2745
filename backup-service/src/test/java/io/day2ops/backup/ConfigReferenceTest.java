package io.day2ops.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.day2ops.testing.ConfigReference;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every `day2.*` property this module declares has its row, with its environment variable, in docs/configuration.md. */
class ConfigReferenceTest {

    @Test
    void everyPropertyIsInTheConfigurationReference() {
        List<ConfigReference.Property> properties = new ArrayList<>();
        for (Class<?> mapping : List.of(io.day2ops.backup.config.BackupConfig.class)) {
            properties.addAll(ConfigReference.of(mapping, "day2"));
        }
        List<ConfigReference.Property> missing = ConfigReference.missingFrom(ConfigReference.reference(), properties);
        assertThat(missing)
                .as("rows to add to docs/configuration.md:\n"
                        + missing.stream()
                                .map(p -> "| `" + p.name() + "` | `" + p.environmentVariable() + "` | "
                                        + (p.defaultValue() == null ? "—" : "`" + p.defaultValue() + "`") + " | |")
                                .collect(Collectors.joining("\n")))
                .isEmpty();
    }
}

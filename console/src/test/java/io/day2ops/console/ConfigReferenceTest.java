package io.day2ops.console;

import io.day2ops.testing.ConfigReference;
import org.junit.jupiter.api.Test;

/** Every `day2.console.*` property has its row, with its environment variable, in docs/configuration.md. */
class ConfigReferenceTest {

    @Test
    void everyPropertyIsInTheConfigurationReference() {
        ConfigReference.assertDocumented(io.day2ops.console.config.ConsoleConfig.class);
    }
}

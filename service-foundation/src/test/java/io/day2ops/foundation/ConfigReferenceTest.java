package io.day2ops.foundation;

import io.day2ops.testing.ConfigReference;
import org.junit.jupiter.api.Test;

/** Every `day2.*` property this module declares has its row, with its environment variable, in docs/configuration.md. */
class ConfigReferenceTest {

    @Test
    void everyPropertyIsInTheConfigurationReference() {
        ConfigReference.assertDocumented(
                io.day2ops.foundation.runtime.FoundationConfig.class,
                io.day2ops.foundation.clusters.ClustersConfig.class);
    }
}

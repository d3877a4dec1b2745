package io.day2ops.backup;

import io.day2ops.testing.BusClient;
import io.day2ops.testing.Day2FlowTest;
import io.day2ops.testing.InjectBus;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The baseline of {@code ./day2 bench catalog}: the same backups with the catalogue off ({@code
 * day2.backup.catalog.max-objects=0}: nothing hashed, nothing stored), run first in the same script; {@code
 * CatalogBenchmark} reads its figures and prints the ratio.
 */
@Day2FlowTest
@TestProfile(CatalogBaselineBenchmark.CatalogOff.class)
class CatalogBaselineBenchmark {

    /** The catalogue indexes nothing. */
    public static class CatalogOff implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("day2.backup.catalog.max-objects", "0");
        }
    }

    @InjectBus
    BusClient events;

    @Test
    void backupsWithoutTheCatalogue() throws Exception {
        CatalogBenchmarks.fill();
        long[] millis = CatalogBenchmarks.backups(events, () -> {});
        CatalogBenchmarks.write(
                CatalogBenchmarks.BASELINE, CatalogBenchmarks.median(millis) + " " + Arrays.toString(millis) + "\n");
    }
}

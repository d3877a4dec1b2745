package io.day2ops.backup.repository;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * {@code day2_backup_catalog_index_seconds{step}}: what the fleet catalogue costs each backup that indexes, per step —
 * {@code hash} (the objects' content hashes, during capture) and {@code write} (the rows, in the completion's
 * transaction). One sample per step per backup; exported at 0 from start-up.
 */
@Startup
@ApplicationScoped
public class CatalogMetrics {

    private final Timer hash;
    private final Timer write;

    public CatalogMetrics(MeterRegistry meters) {
        this.hash = timer(meters, "hash");
        this.write = timer(meters, "write");
    }

    private static Timer timer(MeterRegistry meters, String step) {
        return Timer.builder("day2.backup.catalog.index")
                .description("time the fleet catalogue took for one backup: hashing its objects or writing its rows")
                .tag("step", step)
                .register(meters);
    }

    /** A backup's objects were hashed, taking {@code time} in all. */
    public void hashed(Duration time) {
        hash.record(time);
    }

    /** A backup's rows were written. */
    public void written(Duration time) {
        write.record(time);
    }
}

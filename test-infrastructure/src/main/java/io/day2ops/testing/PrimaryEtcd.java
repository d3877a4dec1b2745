package io.day2ops.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** A real etcd as the "primary" sandbox cluster's etcd: {@code day2.clusters.primary.etcd.endpoints}. */
public class PrimaryEtcd implements QuarkusTestResourceLifecycleManager {

    private LocalEtcd etcd;

    @Override
    public Map<String, String> start() {
        etcd = LocalEtcd.start();
        return Map.of("day2.clusters.primary.etcd.endpoints", etcd.endpoint());
    }

    @Override
    public void stop() {
        if (etcd != null) {
            etcd.close();
        }
    }
}

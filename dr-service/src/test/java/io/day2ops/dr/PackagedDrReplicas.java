package io.day2ops.dr;

import io.day2ops.events.EventType;
import io.day2ops.testing.PeerServices;
import io.day2ops.testing.Replicas;
import java.util.HashMap;
import java.util.Map;

/** The packaged dr-service run as replicas beside started {@link PeerServices}, for the integration tests. */
final class PackagedDrReplicas {

    /** Every incoming channel of dr-service → its topic. */
    static final Map<String, String> CHANNELS = Map.of(
            "drill-requested", EventType.DRILL_REQUESTED.topic(),
            "snapshot-taken", EventType.SNAPSHOT_TAKEN.topic(),
            "restore-completed", EventType.RESTORE_COMPLETED.topic(),
            "drain-completed", EventType.DRAIN_COMPLETED.topic(),
            "failover-requested", EventType.FAILOVER_REQUESTED.topic(),
            "failback-requested", EventType.FAILBACK_REQUESTED.topic());

    private PackagedDrReplicas() {}

    /** Starts {@code peers} and prepares replicas named {@code name} with the peers' cluster settings. */
    static Replicas beside(PeerServices peers, String name) {
        Map<String, String> base = new HashMap<>();
        peers.start().forEach((key, value) -> {
            if (key.startsWith("day2.")) {
                base.put(key, value);
            }
        });
        return new Replicas("dr-service", name, CHANNELS, base);
    }
}

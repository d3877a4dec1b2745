package io.day2ops.upgrade.k8s;

import io.day2ops.events.GateCheckResult;
import io.day2ops.events.GateCheckResult.Verdict;
import io.day2ops.foundation.clusters.ClustersConfig;
import io.day2ops.foundation.clusters.EtcdHealth;
import java.util.ArrayList;
import java.util.List;

/** The gate's {@code etcd-health} check: {@link EtcdHealth} of the cluster's configured etcd. Blocking. */
public final class EtcdHealthProbe {

    public static final String ID = "etcd-health";

    private EtcdHealthProbe() {}

    public static List<GateCheckResult> probe(String cluster, ClustersConfig.Etcd etcd) {
        EtcdHealth health = EtcdHealth.check(etcd);
        if (health.ok()) {
            return List.of(new GateCheckResult(
                    ID, Verdict.PASS, null, "etcd healthy, no alarms: " + String.join(", ", health.healthy()), null));
        }
        List<GateCheckResult> results = new ArrayList<>();
        for (String problem : health.problems()) {
            results.add(new GateCheckResult(
                    ID,
                    Verdict.FAIL,
                    null,
                    "etcd of cluster '" + cluster + "': " + problem,
                    problem.startsWith("alarm NOSPACE")
                            ? "compact and defragment, then etcdctl alarm disarm"
                            : problem.startsWith("alarm")
                                    ? "restore the member from a snapshot"
                                    : "etcdctl endpoint health / endpoint status --cluster; do not upgrade with etcd"
                                            + " unhealthy"));
        }
        return results;
    }
}

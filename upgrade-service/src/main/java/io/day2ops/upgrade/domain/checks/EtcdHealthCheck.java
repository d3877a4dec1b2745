package io.day2ops.upgrade.domain.checks;

import io.day2ops.events.GateCheckResult;
import io.day2ops.events.GateCheckResult.Verdict;
import io.day2ops.foundation.clusters.EtcdHealth;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/**
 * etcd must be healthy before the control plane moves: every endpoint answers, the members agree on a leader, no
 * alarm is raised. Says nothing for a cluster whose etcd endpoints are not configured (managed control planes).
 */
@Singleton
public class EtcdHealthCheck implements GateCheck {

    public static final String ID = "etcd-health";

    @Override
    public List<GateCheckResult> evaluate(GateContext context) {
        EtcdHealth health = context.etcd();
        if (health == null) {
            return List.of();
        }
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
                    "etcd of cluster '" + context.cluster() + "': " + problem,
                    problem.startsWith("alarm NOSPACE")
                            ? "compact and defragment, then etcdctl alarm disarm"
                            : problem.startsWith("alarm")
                                    ? "restore the member from a snapshot"
                                    : "etcdctl endpoint health / endpoint status --cluster; do not upgrade with etcd"
                                            + " unhealthy"));
        }
        return results;
    }

    @Override
    public int order() {
        return 70;
    }
}

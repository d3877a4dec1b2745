package io.day2ops.sandbox;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The simulated control plane of a sandbox, one reconcile pass per {@link #tick()}: CRDs established, the workload controllers
 * (Deployments, ReplicaSets, StatefulSets), then, on the pods they made, the scheduler and the kubelet, then volumes,
 * disruption budgets, endpoints and volume snapshots. Each is one {@link Controller}; adding a behaviour is adding one.
 *
 * <p>Times from the objects (probe delays, progress deadlines) are divided by {@code speed}: at 10, a 5 s readiness
 * delay takes half a second.
 */
final class Controllers {

    private final Store store;
    private final List<Controller> workloads;
    private final List<Controller> pods;

    Controllers(Store store, double speed) {
        this.store = store;
        Map<String, Long> startedAt = new ConcurrentHashMap<>();
        this.workloads = List.of(
                new CrdController(store, store.log()),
                new DeploymentController(store, speed, startedAt),
                new ReplicaSetController(store, speed, startedAt),
                new StatefulSetController(store, speed, startedAt));
        this.pods = List.of(
                new PodScheduler(store, speed, startedAt),
                new Kubelet(store, speed, startedAt),
                new ClaimBinder(store, speed, startedAt),
                new DisruptionBudgetController(store, speed, startedAt),
                new EndpointsController(store, speed, startedAt),
                new SnapshotController(store));
    }

    /** One reconcile pass over everything. */
    void tick() {
        ReconcilePass pass = new ReconcilePass(store, System.currentTimeMillis());
        workloads.forEach(controller -> controller.reconcile(pass));
        // Listed again: the pods made above are scheduled and started in this same pass.
        pass.refresh(ReconcilePass.PODS);
        pods.forEach(controller -> controller.reconcile(pass));
    }
}

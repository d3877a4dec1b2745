package io.day2ops.upgrade.domain.checks;

import io.day2ops.events.GateCheckResult;
import io.day2ops.upgrade.domain.ClusterState;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import jakarta.inject.Singleton;
import java.util.List;

/** Every PersistentVolumeClaim Bound: a Pending or Lost claim is a storage problem an upgrade will not fix. */
@Singleton
public class ClaimsBoundCheck implements GateCheck {

    public static final String ID = "pvc-bound";

    @Override
    public List<GateCheckResult> evaluate(GateContext context) {
        return evaluate(context.state());
    }

    @Override
    public int order() {
        return 43;
    }

    public static List<GateCheckResult> evaluate(ClusterState state) {
        Findings claims = new Findings(ID);
        for (PersistentVolumeClaim claim : state.claims()) {
            String phase = claim.getStatus() == null ? null : claim.getStatus().getPhase();
            if ("Pending".equals(phase) || "Lost".equals(phase)) {
                claims.fail(
                        Findings.ref(claim),
                        Findings.path(claim) + " is " + phase,
                        "Lost".equals(phase)
                                ? "its volume is gone: restore the data before upgrading"
                                : "kubectl describe pvc: a provisioner or storage class problem an upgrade will not"
                                        + " fix");
            }
        }
        return claims.orPass(state.claims().size() + " PersistentVolumeClaims Bound");
    }
}

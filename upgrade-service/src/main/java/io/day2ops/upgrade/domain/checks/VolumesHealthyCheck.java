package io.day2ops.upgrade.domain.checks;

import io.day2ops.events.GateCheckResult;
import io.day2ops.upgrade.domain.ClusterState;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import jakarta.inject.Singleton;
import java.util.List;

/** No PersistentVolume Failed; a Released one (its claim deleted, its data still there) is warned about. */
@Singleton
public class VolumesHealthyCheck implements GateCheck {

    public static final String ID = "pv-healthy";

    @Override
    public List<GateCheckResult> evaluate(GateContext context) {
        return evaluate(context.state());
    }

    @Override
    public int order() {
        return 44;
    }

    public static List<GateCheckResult> evaluate(ClusterState state) {
        Findings volumes = new Findings(ID);
        for (PersistentVolume volume : state.volumes()) {
            String phase =
                    volume.getStatus() == null ? null : volume.getStatus().getPhase();
            if ("Failed".equals(phase)) {
                volumes.fail(
                        Findings.ref(volume),
                        "PersistentVolume " + volume.getMetadata().getName() + " is Failed",
                        "kubectl describe pv " + volume.getMetadata().getName());
            } else if ("Released".equals(phase)) {
                volumes.warn(
                        Findings.ref(volume),
                        "PersistentVolume " + volume.getMetadata().getName()
                                + " is Released (its claim was deleted; the data is still there)",
                        "reclaim or delete it deliberately");
            }
        }
        return volumes.orPass(state.volumes().size() + " PersistentVolumes healthy");
    }
}

package io.day2ops.upgrade.domain.checks;

import io.day2ops.events.GateCheckResult;
import io.day2ops.events.GateCheckResult.Verdict;
import io.day2ops.upgrade.domain.KubernetesVersion;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * The control plane moves one minor version at a time (the Kubernetes version skew policy and
 * {@code kubeadm upgrade plan}): from 1.30 the next step is 1.31, never 1.32; a downgrade is not an upgrade.
 */
@Singleton
public class VersionStepCheck implements GateCheck {

    public static final String ID = "control-plane-version-step";

    @Override
    public List<GateCheckResult> evaluate(GateContext context) {
        return List.of(evaluate(context.state().serverVersion(), context.targetVersion()));
    }

    @Override
    public int order() {
        return 10;
    }

    public static GateCheckResult evaluate(String currentVersion, String targetVersion) {
        KubernetesVersion current = KubernetesVersion.parse(currentVersion);
        KubernetesVersion target = KubernetesVersion.parse(targetVersion);
        if (current.major() != target.major()) {
            return new GateCheckResult(
                    ID,
                    Verdict.FAIL,
                    null,
                    "control plane " + current + " -> " + target + " changes the major version",
                    "a major version change is not an in-place upgrade; build a new cluster and restore into it");
        }
        int step = current.minorsTo(target);
        if (step == 1) {
            return new GateCheckResult(
                    ID, Verdict.PASS, null, "control plane " + current + " -> " + target + " is one minor step", null);
        }
        if (step == 0) {
            return new GateCheckResult(
                    ID, Verdict.PASS, null, "control plane already at " + target + " (patch upgrade)", null);
        }
        if (step < 0) {
            return new GateCheckResult(
                    ID,
                    Verdict.FAIL,
                    null,
                    "target " + target + " is older than the control plane " + current,
                    "Kubernetes does not support control plane downgrades; restore from a backup taken before the upgrade instead");
        }
        KubernetesVersion next = new KubernetesVersion(current.major(), current.minor() + 1);
        return new GateCheckResult(
                ID,
                Verdict.FAIL,
                null,
                "control plane " + current + " -> " + target + " skips " + (step - 1) + " minor version(s)",
                "upgrade one minor version at a time: first to " + next);
    }
}

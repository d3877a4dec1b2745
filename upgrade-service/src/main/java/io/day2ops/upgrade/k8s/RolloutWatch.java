package io.day2ops.upgrade.k8s;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What rollouts share: how to tell that a new pod will never become Ready. */
final class RolloutWatch {

    /** Container states that do not resolve by waiting: Argo Rollouts and Flagger abort on these too. */
    static final Set<String> FATAL = Set.of(
            "ImagePullBackOff",
            "ErrImagePull",
            "InvalidImageName",
            "CrashLoopBackOff",
            "CreateContainerConfigError",
            "CreateContainerError");

    private RolloutWatch() {}

    /** The first pod among {@code pods} stuck in a fatal state, described; null if none. */
    static String fatal(List<Pod> pods) {
        for (Pod pod : pods) {
            if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
                continue;
            }
            for (ContainerStatus status : pod.getStatus().getContainerStatuses()) {
                if (status.getState() != null
                        && status.getState().getWaiting() != null
                        && FATAL.contains(status.getState().getWaiting().getReason())) {
                    String message = status.getState().getWaiting().getMessage();
                    return "pod " + pod.getMetadata().getName() + " container " + status.getName() + ": "
                            + status.getState().getWaiting().getReason()
                            + (message == null ? "" : " (" + message + ")");
                }
            }
        }
        return null;
    }

    static boolean ready(Pod pod) {
        return pod.getStatus() != null
                && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    static Map<String, String> labels(Pod pod) {
        return pod.getMetadata().getLabels() == null
                ? Map.of()
                : pod.getMetadata().getLabels();
    }
}

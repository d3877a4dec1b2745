package io.day2ops.events;

import java.util.List;
import java.util.Map;

/**
 * Init containers added to restored pods, as Velero's {@code InitRestoreHook}: they run before the pod's own
 * containers, e.g. to put data in place.
 *
 * @param initContainers Kubernetes container specs ({@code name}, {@code image}, {@code command}, ...) placed before
 *     the pod's own init containers
 * @param timeout how long the init containers may take, as a Go duration; recorded, enforced by the kubelet
 */
public record InitRestoreHook(List<Map<String, Object>> initContainers, String timeout) {

    public InitRestoreHook {
        initContainers = initContainers == null ? List.of() : List.copyOf(initContainers);
    }
}

package io.day2ops.events;

import java.util.List;

/**
 * The hooks a backup request declares, as Velero's {@code spec.hooks}.
 *
 * @param resources hook specs, each for the pods matching its filters
 */
public record BackupHooks(List<BackupResourceHookSpec> resources) {

    public BackupHooks {
        resources = resources == null ? List.of() : List.copyOf(resources);
    }
}

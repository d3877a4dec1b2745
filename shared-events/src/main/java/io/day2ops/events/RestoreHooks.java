package io.day2ops.events;

import java.util.List;

/**
 * The hooks a restore request declares, as Velero's restore {@code spec.hooks}.
 *
 * @param resources hook specs, each for the restored pods matching its filters
 */
public record RestoreHooks(List<RestoreResourceHookSpec> resources) {

    public RestoreHooks {
        resources = resources == null ? List.of() : List.copyOf(resources);
    }
}

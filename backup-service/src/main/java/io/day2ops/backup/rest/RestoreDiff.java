package io.day2ops.backup.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.day2ops.backup.domain.Restore;
import io.day2ops.backup.restore.RestoreItem;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A dry-run restore's plan against the live target ({@code GET /restores/{name}/diff}).
 *
 * @param restore the dry run's name
 * @param backupName the backup it would restore
 * @param cluster the cluster it would restore into
 * @param existingResourcePolicy what it would do with objects that exist ({@code none} unless asked otherwise)
 * @param summary how many objects of each change
 * @param objects per object: what would change
 */
public record RestoreDiff(
        String restore,
        String backupName,
        String cluster,
        String existingResourcePolicy,
        Map<String, Long> summary,
        List<Change> objects) {

    /**
     * One object.
     *
     * @param change {@code create}, {@code unchanged}, {@code differs}, {@code skipped} or {@code failed}
     * @param patch for {@code differs}: the RFC 6902 JSON patch restoring it would apply to the live object
     * @param reason why it is skipped or failed, or what the policy would do with it
     */
    public record Change(
            String change,
            String resource,
            String namespace,
            String name,
            @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode patch,
            @JsonInclude(JsonInclude.Include.NON_NULL) String reason) {}

    static RestoreDiff of(Restore restore, List<RestoreItem> items) {
        Map<String, Long> summary = new TreeMap<>();
        for (String change : List.of("create", "unchanged", "differs", "skipped", "failed")) {
            summary.put(change, 0L);
        }
        List<Change> objects = items.stream()
                .map(item -> new Change(
                        change(item.action()),
                        item.resource(),
                        item.namespace(),
                        item.name(),
                        item.patch(),
                        item.action() == RestoreItem.Action.Planned ? null : item.message()))
                .toList();
        objects.forEach(c -> summary.merge(c.change(), 1L, Long::sum));
        String policy = io.day2ops.backup.domain.Json.tree(restore.request)
                .path("existingResourcePolicy")
                .asText("none");
        return new RestoreDiff(restore.name, restore.backupName, restore.cluster, policy, summary, objects);
    }

    private static String change(RestoreItem.Action action) {
        return switch (action) {
            case Planned, Created -> "create";
            case Unchanged -> "unchanged";
            case Differs, Updated, Recreated, Conflict -> "differs";
            case Skipped -> "skipped";
            case Failed -> "failed";
        };
    }
}

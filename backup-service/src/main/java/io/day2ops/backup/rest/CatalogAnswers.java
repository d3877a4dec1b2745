package io.day2ops.backup.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.day2ops.backup.domain.Backup;
import io.day2ops.backup.repository.BackupRepository;
import io.day2ops.backup.repository.ObjectCatalog;
import io.day2ops.events.BackupPhase;
import io.day2ops.foundation.rest.NotFoundProblem;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The fleet catalogue's answers: which backups hold an object (and whether it changed), and what two backups differ in. */
@ApplicationScoped
public class CatalogAnswers {

    /**
     * One object of one cluster, and every backup that holds it, oldest first.
     *
     * @param versions how many different contents the backups hold
     */
    public record Found(
            String cluster,
            String kind,
            String resource,
            String namespace,
            String name,
            int versions,
            List<HeldIn> backups) {}

    /**
     * @param changed whether it differs from the previous backup of this cluster that holds it (false for the first)
     * @param sha256 its content hash; absent for sealed objects (Secrets), whose change shows in resourceVersion
     */
    public record HeldIn(
            String backup,
            @JsonInclude(JsonInclude.Include.NON_NULL) String schedule,
            Instant completedAt,
            String resourceVersion,
            @JsonInclude(JsonInclude.Include.NON_NULL) String sha256,
            boolean changed) {}

    /** What {@code to} holds that {@code from} does not, what it lost, and what changed. */
    public record Diff(String from, String to, List<Item> added, List<Item> removed, List<Item> changed) {}

    /** An object in a diff. */
    public record Item(
            String kind,
            String resource,
            String namespace,
            String name,
            @JsonInclude(JsonInclude.Include.NON_NULL) String resourceVersionFrom,
            @JsonInclude(JsonInclude.Include.NON_NULL) String resourceVersionTo) {}

    private final ObjectCatalog catalog;
    private final BackupRepository backups;

    public CatalogAnswers(ObjectCatalog catalog, BackupRepository backups) {
        this.catalog = catalog;
        this.backups = backups;
    }

    /** Every backup holding the object(s), grouped per cluster and object, with change detection. */
    public Uni<List<Found>> find(String cluster, String kind, String namespace, String name, int limit) {
        return catalog.find(cluster, kind, namespace, name, limit).map(rows -> {
            Map<String, List<ObjectCatalog.Held>> byObject = new LinkedHashMap<>();
            rows.forEach(row -> byObject.computeIfAbsent(
                            row.cluster() + "\n" + row.resource() + "\n" + row.namespace() + "\n" + row.name(),
                            k -> new ArrayList<>())
                    .add(row));
            List<Found> found = new ArrayList<>();
            for (List<ObjectCatalog.Held> held : byObject.values()) {
                ObjectCatalog.Held first = held.get(0);
                List<HeldIn> in = new ArrayList<>();
                ObjectCatalog.Held previous = null;
                for (ObjectCatalog.Held h : held) {
                    in.add(new HeldIn(
                            h.backup(),
                            h.schedule(),
                            h.completedAt(),
                            h.resourceVersion(),
                            h.sha256(),
                            previous != null && !sameContent(previous, h)));
                    previous = h;
                }
                long versions = held.stream()
                        .map(h -> h.sha256() != null ? h.sha256() : "rv:" + h.resourceVersion())
                        .distinct()
                        .count();
                found.add(new Found(
                        first.cluster(),
                        first.kind(),
                        first.resource(),
                        first.namespace().isEmpty() ? null : first.namespace(),
                        first.name(),
                        (int) versions,
                        in));
            }
            return found;
        });
    }

    /** {@code GET /backups/{from}/diff/{to}}: 404 naming a backup that is not there or holds no data. */
    public Uni<Diff> diff(String from, String to) {
        return Panache.withSession(() -> backups.findByName(from)
                        .chain(a -> backups.findByName(to).map(b -> new Backup[] {held(from, a), held(to, b)})))
                .chain(pair -> catalog.diff(pair[0].id, pair[1].id))
                .map(rows -> {
                    List<Item> added = new ArrayList<>();
                    List<Item> removed = new ArrayList<>();
                    List<Item> changed = new ArrayList<>();
                    for (ObjectCatalog.Compared row : rows) {
                        Item item = new Item(
                                row.kind(),
                                row.resource(),
                                row.namespace().isEmpty() ? null : row.namespace(),
                                row.name(),
                                row.resourceVersionA(),
                                row.resourceVersionB());
                        if (!row.inA()) {
                            added.add(item);
                        } else if (!row.inB()) {
                            removed.add(item);
                        } else {
                            changed.add(item);
                        }
                    }
                    return new Diff(from, to, added, removed, changed);
                });
    }

    private static Backup held(String name, Backup backup) {
        if (backup == null) {
            throw new NotFoundProblem("backup '" + name + "' does not exist");
        }
        if (backup.phase != BackupPhase.Completed && backup.phase != BackupPhase.PartiallyFailed) {
            throw new NotFoundProblem("backup '" + name + "' is " + backup.phase + " and holds no objects to compare");
        }
        return backup;
    }

    private static boolean sameContent(ObjectCatalog.Held a, ObjectCatalog.Held b) {
        return a.sha256() != null || b.sha256() != null
                ? Objects.equals(a.sha256(), b.sha256())
                : Objects.equals(a.resourceVersion(), b.resourceVersion());
    }
}

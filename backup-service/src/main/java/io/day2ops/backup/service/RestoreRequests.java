package io.day2ops.backup.service;

import io.day2ops.events.BackupPhase;
import io.day2ops.events.CloudEvent;
import io.day2ops.events.EventCodec;
import io.day2ops.events.RestoreRequested;
import io.day2ops.foundation.inbox.Refusals;
import io.day2ops.foundation.jobs.JobQueue;
import io.day2ops.foundation.runtime.NativeStatements;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Accepts restore requests: a catalog entry in phase {@code New} and a restore job each, in the consumer's transaction. */
@ApplicationScoped
public class RestoreRequests {

    private static final List<String> COLUMNS = List.of(
            "name",
            "cluster",
            "backup_name",
            "phase",
            "drill_name",
            "dry_run",
            "request",
            "request_event_id",
            "created_at",
            "requested_by",
            "requested_at");

    private final JobQueue jobs;
    private final EventCodec codec;
    private final Clock clock;
    private final io.day2ops.backup.repository.BackupRepository backups;

    public RestoreRequests(
            JobQueue jobs, EventCodec codec, Clock clock, io.day2ops.backup.repository.BackupRepository backups) {
        this.backups = backups;
        this.jobs = jobs;
        this.codec = codec;
        this.clock = clock;
    }

    /**
     * Records the requests; a request for a restore name that already exists changes nothing. A request naming a
     * schedule instead of a backup (Velero's {@code scheduleName}) restores the schedule's newest Completed backup, named
     * in the stored request; a schedule without one is refused to the dead-letter topic with the reason.
     */
    public Uni<Void> acceptAll(List<CloudEvent<RestoreRequested>> events, Refusals refusals) {
        List<String> schedules = events.stream()
                .map(CloudEvent::data)
                .filter(r -> r.backupName() == null && r.scheduleName() != null)
                .map(RestoreRequested::scheduleName)
                .distinct()
                .toList();
        if (schedules.isEmpty()) {
            return accept(events, Map.of(), refusals);
        }
        // one after the other: the queries share the consumer's session, which runs one operation at a time
        Map<String, String> newest = new java.util.HashMap<>();
        Uni<Void> found = Uni.createFrom().voidItem();
        for (String schedule : schedules) {
            found = found.chain(() -> backups.search(
                                    Optional.empty(), Optional.of(BackupPhase.Completed), Optional.of(schedule), 1)
                            .invoke(latest -> newest.put(schedule, latest.isEmpty() ? "" : latest.get(0).name)))
                    .replaceWithVoid();
        }
        return found.chain(() -> accept(events, newest, refusals));
    }

    private Uni<Void> accept(List<CloudEvent<RestoreRequested>> events, Map<String, String> newest, Refusals refusals) {
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        List<Object[]> rows = new ArrayList<>();
        Map<String, String> payloads = new LinkedHashMap<>();
        List<CloudEvent<RestoreRequested>> accepted = new ArrayList<>();
        for (CloudEvent<RestoreRequested> event : events) {
            RestoreRequested request = event.data();
            // as sent (nulls removed): the job names the fields day2ops does not act on
            String json = event.dataJson() != null ? event.dataJson() : codec.toJson(request);
            String backupName = request.backupName();
            if (backupName == null) {
                backupName = newest.getOrDefault(request.scheduleName(), "");
                if (backupName.isEmpty()) {
                    refusals.refuse(
                            event,
                            "schedule '" + request.scheduleName() + "' has no Completed backup to restore (GET"
                                    + " /backups?schedule=" + request.scheduleName() + "); restore " + request.name()
                                    + " was not created");
                    continue;
                }
                var tree = (com.fasterxml.jackson.databind.node.ObjectNode) io.day2ops.backup.domain.Json.tree(json);
                json = tree.put("backupName", backupName).toString();
            }
            accepted.add(event);
            rows.add(new Object[] {
                request.name(),
                request.cluster(),
                backupName,
                BackupPhase.New.name(),
                request.drillName(),
                Boolean.TRUE.equals(request.dryRun()),
                json,
                event.id(),
                now,
                event.source(),
                event.time() == null ? null : OffsetDateTime.ofInstant(event.time(), ZoneOffset.UTC)
            });
            payloads.putIfAbsent(request.name(), json);
        }
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return NativeStatements.insertRows(
                        "restore", COLUMNS, "ON CONFLICT (name) DO NOTHING RETURNING name", rows, String.class)
                .chain(created -> {
                    for (CloudEvent<RestoreRequested> event : accepted) {
                        if (!created.contains(event.data().name())) {
                            refusals.refuse(
                                    event,
                                    Refusals.nameTaken("restore", event.data().name(), event));
                            Log.warnf(
                                    "restore %s already exists; request %s from %s ignored",
                                    event.data().name(), event.id(), event.source());
                        }
                    }
                    payloads.keySet().retainAll(created);
                    // each job continues the trace of its own request
                    return jobs.enqueueAll(
                            RestoreJob.KIND,
                            payloads,
                            io.day2ops.foundation.tracing.Traces.of(
                                    events, event -> event.data().name(), CloudEvent::traceparent));
                })
                .replaceWithVoid();
    }
}

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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    public RestoreRequests(JobQueue jobs, EventCodec codec, Clock clock) {
        this.jobs = jobs;
        this.codec = codec;
        this.clock = clock;
    }

    /** Records the requests; a request for a restore name that already exists changes nothing. */
    public Uni<Void> acceptAll(List<CloudEvent<RestoreRequested>> events, Refusals refusals) {
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        List<Object[]> rows = new ArrayList<>();
        Map<String, String> payloads = new LinkedHashMap<>();
        for (CloudEvent<RestoreRequested> event : events) {
            RestoreRequested request = event.data();
            String json = codec.toJson(request);
            rows.add(new Object[] {
                request.name(),
                request.cluster(),
                request.backupName(),
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
        return NativeStatements.insertRows(
                        "restore", COLUMNS, "ON CONFLICT (name) DO NOTHING RETURNING name", rows, String.class)
                .chain(created -> {
                    Set<String> accepted = new HashSet<>(created);
                    for (CloudEvent<RestoreRequested> event : events) {
                        if (!accepted.contains(event.data().name())) {
                            refusals.refuse(
                                    event,
                                    Refusals.nameTaken("restore", event.data().name(), event));
                            Log.warnf(
                                    "restore %s already exists; request %s from %s ignored",
                                    event.data().name(), event.id(), event.source());
                        }
                    }
                    payloads.keySet().retainAll(accepted);
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

package io.day2ops.backup.service;

import io.day2ops.events.BackupPhase;
import io.day2ops.events.BackupRequested;
import io.day2ops.events.CloudEvent;
import io.day2ops.events.EventCodec;
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

/**
 * Accepts backup requests: a catalog entry in phase {@code New} and a backup job each, in the consumer's transaction,
 * a whole Kafka batch in two statements. The work itself happens in {@link BackupJob}, never in the poll loop.
 */
@ApplicationScoped
public class BackupRequests {

    private static final List<String> COLUMNS = List.of(
            "name",
            "cluster",
            "phase",
            "storage_location",
            "schedule_name",
            "request",
            "request_event_id",
            "created_at",
            "requested_by",
            "requested_at");

    private final JobQueue jobs;
    private final EventCodec codec;
    private final Clock clock;

    public BackupRequests(JobQueue jobs, EventCodec codec, Clock clock) {
        this.jobs = jobs;
        this.codec = codec;
        this.clock = clock;
    }

    /** Records the requests; a request for a backup name that already exists changes nothing. */
    public Uni<Void> acceptAll(List<CloudEvent<BackupRequested>> events, Refusals refusals) {
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        List<Object[]> rows = new ArrayList<>();
        Map<String, String> payloads = new LinkedHashMap<>();
        for (CloudEvent<BackupRequested> event : events) {
            BackupRequested request = event.data();
            // as sent (nulls removed): the job names the fields day2ops does not act on
            String json = event.dataJson() != null ? event.dataJson() : codec.toJson(request);
            rows.add(new Object[] {
                request.name(),
                request.cluster(),
                BackupPhase.New.name(),
                request.storageLocation(),
                request.schedule(),
                json,
                event.id(),
                now,
                event.source(),
                event.time() == null ? null : OffsetDateTime.ofInstant(event.time(), ZoneOffset.UTC)
            });
            payloads.putIfAbsent(request.name(), json);
        }
        return NativeStatements.insertRows(
                        "backup", COLUMNS, "ON CONFLICT (name) DO NOTHING RETURNING name", rows, String.class)
                .chain(created -> {
                    Set<String> accepted = new HashSet<>(created);
                    for (CloudEvent<BackupRequested> event : events) {
                        if (!accepted.contains(event.data().name())) {
                            refusals.refuse(
                                    event,
                                    Refusals.nameTaken("backup", event.data().name(), event));
                            Log.warnf(
                                    "backup %s already exists; request %s from %s ignored",
                                    event.data().name(), event.id(), event.source());
                        }
                    }
                    payloads.keySet().retainAll(accepted);
                    Log.debugf("%d backups requested", accepted.size());
                    // each job continues the trace of its own request
                    return jobs.enqueueAll(
                            BackupJob.KIND,
                            payloads,
                            io.day2ops.foundation.tracing.Traces.of(
                                    events, event -> event.data().name(), CloudEvent::traceparent));
                })
                .replaceWithVoid();
    }
}

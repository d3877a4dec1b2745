package io.day2ops.scheduler.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.day2ops.events.EventCodec;
import io.day2ops.foundation.rest.BadRequestProblem;
import io.day2ops.foundation.runtime.VertxContexts;
import io.day2ops.scheduler.config.SchedulerConfig;
import io.day2ops.scheduler.domain.ScheduleSpec;
import io.day2ops.scheduler.domain.ValidSchedule;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Creates the schedules of {@code day2.scheduler.seed-file} at startup when they do not exist (an existing schedule of
 * the same name is left as it is: REST changes win over the seed). A file that cannot be read, or an entry that does
 * not validate, stops the service with the entry and the fields named, rather than run without the schedules someone
 * asked for.
 */
@ApplicationScoped
public class ScheduleSeeder {

    private static final ObjectMapper JSON = EventCodec.newObjectMapper();

    private final ScheduleStore store;
    private final SchedulerConfig config;
    private final io.vertx.core.Vertx vertx;

    public ScheduleSeeder(ScheduleStore store, SchedulerConfig config, io.vertx.core.Vertx vertx) {
        this.store = store;
        this.config = config;
        this.vertx = vertx;
    }

    void seed(@Observes StartupEvent event) {
        config.scheduler()
                .seedFile()
                .ifPresent(file -> seed(Path.of(file)).await().atMost(Duration.ofSeconds(30)));
    }

    /** Creates the file's schedules that do not exist yet; returns the names created. */
    public Uni<List<String>> seed(Path file) {
        List<ValidSchedule> schedules = read(file);
        if (schedules.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        // One after the other: the creates share this context's Hibernate Reactive session, which is not concurrent.
        return VertxContexts.onSafeContext(
                        vertx,
                        () -> Multi.createFrom()
                                .iterable(schedules)
                                .onItem()
                                .transformToUniAndConcatenate(
                                        s -> store.create(s).map(v -> v.isPresent() ? s.name() : ""))
                                .collect()
                                .asList())
                .map(names -> names.stream().filter(n -> !n.isEmpty()).toList())
                .invoke(created -> Log.infof(
                        "seed file %s: %d schedules; created %s, the others exist", file, schedules.size(), created));
    }

    /** The file's schedules, every one validated; an {@link IllegalArgumentException} names each bad entry. */
    public List<ValidSchedule> read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("day2.scheduler.seed-file " + file + ": " + e.getMessage(), e);
        }
        if (!root.isArray()) {
            throw new IllegalArgumentException(
                    "day2.scheduler.seed-file " + file + ": must be a JSON array of schedules");
        }
        List<ValidSchedule> schedules = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            try {
                schedules.add(store.validate(JSON.treeToValue(root.get(i), ScheduleSpec.class)));
            } catch (BadRequestProblem e) {
                problems.add("[" + i + "] "
                        + e.errors().stream()
                                .map(f -> f.field() + ": " + f.message())
                                .collect(Collectors.joining("; ")));
            } catch (IOException e) {
                problems.add("[" + i + "] " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("day2.scheduler.seed-file " + file + ": " + String.join("; ", problems));
        }
        return schedules;
    }
}

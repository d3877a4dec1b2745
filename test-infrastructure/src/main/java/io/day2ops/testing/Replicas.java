package io.day2ops.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A service's packaged jar run as replicas (processes, prod profile) for an integration test: one database and one
 * consumer group for all of them, its offsets put at the end of the consumed topics first so that each replica reads
 * exactly what is published after, a work folder and a bus client.
 */
public final class Replicas implements AutoCloseable {

    /** A lease short enough that a lost replica's jobs are taken over within seconds (fault tests). */
    public static final Map<String, String> SHORT_LEASE =
            Map.of("day2.jobs.lease", "6s", "day2.jobs.heartbeat-interval", "1s", "day2.jobs.shutdown-grace", "2s");

    public final BusClient bus;
    public final Path work;
    private final String service;
    private final String database;
    private final String group;
    private final Map<String, String> channels;
    private final Map<String, String> base;

    /**
     * @param service the module, whose {@code target/quarkus-app} is run (from the module's own folder)
     * @param name names this test's folder, database and consumer group
     * @param channels each incoming channel the service has → its topic
     * @param base settings every replica gets (cluster URLs and the like)
     */
    public Replicas(String service, String name, Map<String, String> channels, Map<String, String> base) {
        this.service = service;
        this.channels = Map.copyOf(channels);
        this.base = Map.copyOf(base);
        bus = new BusClient(SharedKafka.bootstrapServers());
        try {
            work = Files.createTempDirectory(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        database = SharedPostgres.freshDatabase(name.replace("-", ""));
        group = service + "-" + name + "-" + UUID.randomUUID();
        ConsumerGroups.startAtEnd(group, channels.values().stream().distinct().toList());
    }

    /** Starts a replica with {@code config} on top of the base settings and waits until it is Ready. */
    public ServiceProcess replica(Map<String, String> config) {
        return starting(config).awaitReady(Duration.ofSeconds(120));
    }

    /** Starts {@code count} replicas with {@code config} at once and waits until all are Ready. */
    public java.util.List<ServiceProcess> replicas(int count, Map<String, String> config) {
        java.util.List<ServiceProcess> started = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            started.add(starting(config));
        }
        started.forEach(replica -> replica.awaitReady(Duration.ofSeconds(120)));
        return started;
    }

    /** Starts a replica without waiting (for one that is expected to refuse to start). */
    public ServiceProcess starting(Map<String, String> config) {
        Map<String, String> all = new HashMap<>(base);
        for (String channel : channels.keySet()) {
            all.put("mp.messaging.incoming." + channel + ".group.id", group);
        }
        all.putAll(config);
        return ServiceProcess.start(service, Path.of("target", "quarkus-app", "quarkus-run.jar"), work, database, all);
    }

    /** Waits until the replicas have handled everything published on {@code topic} so far. */
    public void awaitCaughtUp(String topic, Duration timeout) {
        ConsumerGroups.awaitCaughtUp(group, topic, timeout);
    }

    @Override
    public void close() {
        bus.close();
    }
}

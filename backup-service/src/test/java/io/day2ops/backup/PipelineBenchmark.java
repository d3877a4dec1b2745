package io.day2ops.backup;

import io.day2ops.events.BackupRequested;
import io.day2ops.events.CloudEvent;
import io.day2ops.events.EventCodec;
import io.day2ops.events.EventType;
import io.day2ops.testing.BusAccess;
import io.day2ops.testing.Day2FlowTest;
import io.day2ops.testing.SharedKafka;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Benchmark, not a test (excluded from the suite; run with {@code ./day2 bench pipeline}): 10,000 BackupRequested
 * through one backup-service instance, inbox -> job -> outbox -> Kafka, answered as BackupFailed (unknown cluster, so
 * the job's own work is negligible and the figure is the pipeline's). Prints events/s and end-to-end latency
 * percentiles, and, as the ceiling, the raw producer and consumer rates of the same broker measured in the same run.
 * It asserts nothing about speed. The report is also written to {@code target/benchmarks/pipeline.txt}, the service's
 * log to {@code target/benchmarks/pipeline-service.log}.
 */
@Day2FlowTest
@TestProfile(PipelineBenchmark.LogToFile.class)
class PipelineBenchmark {

    /**
     * The service logs to a file, as it would to a container's stdout: through Maven's console, ten thousand log lines
     * cost a core of this machine and the figure would measure Maven rather than the pipeline.
     */
    public static class LogToFile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.log.console.enable", "false",
                    "quarkus.log.file.enable", "true",
                    "quarkus.log.file.path", "target/benchmarks/pipeline-service.log");
        }
    }

    private static final int EVENTS = Integer.getInteger("bench.events", 10_000);
    private static final int PACED_ROUNDS = Integer.getInteger("bench.paced-rounds", 3);
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private final EventCodec codec = new EventCodec();

    @Test
    void pipeline() throws Exception {
        String runId = UUID.randomUUID().toString().substring(0, 8);
        warmUp(runId);

        double[] raw = rawRates(runId);
        Result pipeline = runPipeline(runId, EVENTS, 0);
        // Latency under a steady load at the target rate (a burst beyond capacity measures queueing, not the
        // pipeline): three rounds of 10 s, each reported, so that one noisy round shows as such.
        double pacedRate = Double.parseDouble(System.getProperty("bench.rate", "1000"));
        List<Result> paced = new ArrayList<>();
        for (int round = 0; round < PACED_ROUNDS; round++) {
            paced.add(runPipeline(runId + "-paced" + round, (int) (pacedRate * 10), pacedRate));
        }

        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text);
        out.println("== day2ops benchmark: pipeline (inbox -> job -> outbox -> Kafka), one backup-service ==");
        out.printf(Locale.ROOT, "events                    %d%n", EVENTS);
        out.printf(
                Locale.ROOT,
                "pipeline throughput       %.0f events/s (machine busy %.0f%%, steal %.0f%%)%n",
                pipeline.eventsPerSecond(),
                pipeline.cpu().busy(),
                pipeline.cpu().steal());
        out.printf(
                Locale.ROOT,
                "burst latency (queueing)  p50 %d ms, p99 %d ms, max %d ms (all %d sent at once)%n",
                pipeline.p50(),
                pipeline.p99(),
                pipeline.max(),
                EVENTS);
        for (int round = 0; round < paced.size(); round++) {
            Result r = paced.get(round);
            out.printf(
                    Locale.ROOT,
                    "paced latency, round %d    p50 %d ms, p99 %d ms, max %d ms at %.0f events/s for 10 s"
                            + " (machine busy %.0f%%, steal %.0f%%)%n",
                    round + 1,
                    r.p50(),
                    r.p99(),
                    r.max(),
                    pacedRate,
                    r.cpu().busy(),
                    r.cpu().steal());
        }
        long[] p99s = paced.stream().mapToLong(Result::p99).sorted().toArray();
        out.printf(Locale.ROOT, "paced p99, median round   %d ms%n", p99s[p99s.length / 2]);
        out.printf(Locale.ROOT, "raw producer (acks=all)   %.0f records/s (ceiling, same broker, same run)%n", raw[0]);
        out.printf(Locale.ROOT, "raw consumer              %.0f records/s%n", raw[1]);
        out.printf(Locale.ROOT, "ratio pipeline/producer   %.3f%n", pipeline.eventsPerSecond() / raw[0]);
        out.printf(Locale.ROOT, "targets                   >= 1000 events/s, p99 <= 250 ms at 1000 events/s%n");
        out.flush();
        System.out.println();
        System.out.println(text);
        Path report = Path.of("target", "benchmarks", "pipeline.txt");
        Files.createDirectories(report.getParent());
        Files.writeString(report, text.toString());
    }

    private void warmUp(String runId) throws Exception {
        // Long enough for the JIT to settle: the first seconds of a fresh JVM spend a core compiling.
        runPipeline(runId + "-warm", Integer.getInteger("bench.warmup", 10_000), 0);
    }

    private record Result(double eventsPerSecond, long p50, long p99, long max, CpuUse cpu) {}

    /** The whole machine's CPU use over a phase, from /proc/stat: this 2-core box runs broker, database and service. */
    private record CpuUse(double busy, double steal) {

        static long[] sample() {
            try {
                String[] f =
                        Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                long total = 0;
                for (int i = 1; i < f.length; i++) {
                    total += Long.parseLong(f[i]);
                }
                long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
                long steal = f.length > 8 ? Long.parseLong(f[8]) : 0;
                return new long[] {total, idle, steal};
            } catch (Exception e) {
                return new long[] {0, 0, 0};
            }
        }

        static CpuUse since(long[] start) {
            long[] end = sample();
            double total = Math.max(1, end[0] - start[0]);
            return new CpuUse(100 * (1 - (end[1] - start[1]) / total), 100 * (end[2] - start[2]) / total);
        }
    }

    /**
     * Sends {@code count} requests from a second thread (paced at {@code rate} per second, or all at once for 0) while
     * this thread reads the answers as they come, so each latency is send-to-answer.
     */
    private Result runPipeline(String runId, int count, double rate) throws Exception {
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        long[] latencies = new long[count];
        int received = 0;
        long lastReceive = 0;
        ExecutorService sender = Executors.newSingleThreadExecutor();
        try (KafkaConsumer<String, String> answers = consumer(EventType.BACKUP_FAILED.topic(), "latest")) {
            answers.poll(Duration.ofMillis(500));
            answers.seekToEnd(answers.assignment());
            answers.assignment().forEach(answers::position);
            long[] cpuAtStart = CpuUse.sample();
            long firstSend = System.nanoTime();
            Future<?> sending = sender.submit(() -> send(runId, count, rate, firstSend, sentAt));
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (received < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : answers.poll(Duration.ofMillis(20))) {
                    long now = System.nanoTime();
                    var subject = record.headers().lastHeader("ce_subject");
                    Long sent =
                            subject == null ? null : sentAt.remove(new String(subject.value(), StandardCharsets.UTF_8));
                    if (sent != null) {
                        latencies[received++] = (now - sent) / 1_000_000;
                        lastReceive = now;
                    }
                }
            }
            sending.get();
            if (received < count) {
                throw new IllegalStateException("only " + received + " of " + count + " answers within " + TIMEOUT);
            }
            Arrays.sort(latencies);
            double seconds = (lastReceive - firstSend) / 1e9;
            return new Result(
                    count / seconds,
                    latencies[count / 2],
                    latencies[(int) Math.ceil(count * 0.99) - 1],
                    latencies[count - 1],
                    CpuUse.since(cpuAtStart));
        } finally {
            sender.shutdownNow();
        }
    }

    private Void send(String runId, int count, double rate, long firstSend, Map<String, Long> sentAt) throws Exception {
        try (KafkaProducer<String, String> producer = producer()) {
            List<Future<RecordMetadata>> sends = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String name = "bench-" + runId + "-" + i;
                BackupRequested request = BackupRequested.builder(name, "bench-nowhere")
                        .includedNamespaces(List.of("default"))
                        .ttl("720h")
                        .build();
                CloudEvent<BackupRequested> event =
                        CloudEvent.of(UUID.randomUUID().toString(), "/bench", Instant.now(), request);
                ProducerRecord<String, String> record =
                        new ProducerRecord<>(event.topic(), event.key(), codec.toJson(request));
                event.headers().forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
                if (rate > 0) {
                    long due = firstSend + (long) (i * 1e9 / rate);
                    while (System.nanoTime() < due) {
                        LockSupport.parkNanos(due - System.nanoTime());
                    }
                }
                sentAt.put(name, System.nanoTime());
                sends.add(producer.send(record));
            }
            producer.flush();
            for (Future<RecordMetadata> send : sends) {
                send.get();
            }
        }
        return null;
    }

    /** The ceiling: records/s of a plain producer (acks=all) and consumer on the same broker, same payload size. */
    private double[] rawRates(String runId) throws Exception {
        String topic = "bench.raw." + runId;
        String payload = codec.toJson(BackupRequested.builder("bench-" + runId + "-0000", "bench-nowhere")
                .includedNamespaces(List.of("default"))
                .ttl("720h")
                .build());
        double produce;
        try (KafkaProducer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>(topic, "warm", payload)).get();
            long start = System.nanoTime();
            List<Future<RecordMetadata>> sends = new ArrayList<>(EVENTS);
            for (int i = 0; i < EVENTS; i++) {
                sends.add(producer.send(new ProducerRecord<>(topic, "bench-nowhere", payload)));
            }
            for (Future<RecordMetadata> send : sends) {
                send.get();
            }
            produce = EVENTS / ((System.nanoTime() - start) / 1e9);
        }
        double consume;
        try (KafkaConsumer<String, String> consumer = consumer(topic, "earliest")) {
            int seen = 0;
            long start = System.nanoTime();
            long deadline = start + TIMEOUT.toNanos();
            while (seen < EVENTS + 1 && System.nanoTime() < deadline) {
                seen += consumer.poll(Duration.ofMillis(100)).count();
            }
            consume = seen / ((System.nanoTime() - start) / 1e9);
        }
        Map<String, Object> adminConfig = new java.util.HashMap<>(SharedKafka.clientProperties(BusAccess.ADMIN));
        adminConfig.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(adminConfig)) {
            admin.deleteTopics(List.of(topic)).all().get();
        }
        return new double[] {produce, consume};
    }

    private KafkaProducer<String, String> producer() {
        Properties properties = new Properties();
        properties.putAll(SharedKafka.clientProperties(BusAccess.ADMIN));
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        return new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
    }

    private KafkaConsumer<String, String> consumer(String topic, String reset) {
        Properties properties = new Properties();
        properties.putAll(SharedKafka.clientProperties(BusAccess.ADMIN));
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, reset);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(topic));
        return consumer;
    }
}

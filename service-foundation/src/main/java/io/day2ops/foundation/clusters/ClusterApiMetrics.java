package io.day2ops.foundation.clusters;

import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Every call a cluster's client makes, as {@code day2_cluster_api_requests_total{cluster,code}} ({@code 2xx},
 * {@code 4xx}, {@code 429}, {@code 5xx}, or {@code error} when no answer came: refused, reset, timed out) and
 * {@code day2_cluster_api_request_duration_seconds{cluster}} (until the answer's headers; a watch counts its opening).
 * A fabric8 interceptor: it sees the request as sent, after authentication and retries are applied.
 */
final class ClusterApiMetrics implements Interceptor {

    private static final Duration[] BUCKETS = {
        Duration.ofMillis(5), Duration.ofMillis(25), Duration.ofMillis(100), Duration.ofMillis(250),
        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5),
        Duration.ofSeconds(10), Duration.ofSeconds(30)
    };

    private final String cluster;
    private final MeterRegistry meters;
    private final Timer duration;
    /** When each request in flight was handed to the transport; weak, so one that never answers is not kept. */
    private final Map<HttpRequest, Long> started = Collections.synchronizedMap(new WeakHashMap<>());
    /** The counter per answer class, registered once: every API call passes here. */
    private final Map<String, Counter> counters = new java.util.concurrent.ConcurrentHashMap<>();

    ClusterApiMetrics(String cluster, MeterRegistry meters) {
        this.cluster = cluster;
        this.meters = meters;
        this.duration = Timer.builder("day2.cluster.api.request.duration")
                .description("time for a cluster's API server to answer a call (to its headers)")
                .tag("cluster", cluster)
                .serviceLevelObjectives(BUCKETS)
                .register(meters);
        // every answer class exists at 0 from the start: a rate over a series born at its first failures is 0, and
        // an alert on the share of failing calls would never see the first burst
        for (String code : List.of("2xx", "4xx", "429", "5xx", "error")) {
            count(code, 0);
        }
    }

    @Override
    public AsyncBody.Consumer<List<ByteBuffer>> consumer(
            AsyncBody.Consumer<List<ByteBuffer>> consumer, HttpRequest request) {
        started.put(request, System.nanoTime()); // called with the request as it is sent
        return consumer;
    }

    @Override
    public void after(HttpRequest request, HttpResponse<?> response, AsyncBody.Consumer<List<ByteBuffer>> consumer) {
        Long start = started.remove(request);
        if (start != null) {
            duration.record(Duration.ofNanos(System.nanoTime() - start));
        }
        int code = response.code();
        count(code == 429 ? "429" : (code / 100) + "xx");
    }

    @Override
    public void afterConnectionFailure(HttpRequest request, Throwable failure) {
        started.remove(request);
        count("error");
    }

    private void count(String code) {
        count(code, 1);
    }

    private void count(String code, double amount) {
        counters.computeIfAbsent(
                        code,
                        c -> Counter.builder("day2.cluster.api.requests")
                                .description(
                                        "calls to a cluster's API server by answer: 2xx, 4xx, 429, 5xx, or error (no answer)")
                                .tags("cluster", cluster, "code", c)
                                .register(meters))
                .increment(amount);
    }
}

package io.day2ops.foundation.tracing;

import io.day2ops.events.CloudEvent;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The trace context day2ops carries itself, across the places where a trace would otherwise break: an event waits in
 * the outbox before it is sent, a job waits in the job table before a worker runs it. The W3C {@code traceparent} of
 * the current span is written into the event's headers ({@code ce_traceparent}) and the job's row; an inbound event's
 * handling and a job's run continue it as a child span. Quarkus puts the current {@code traceId} into the MDC, so the
 * logs of every service that touched a request share its trace id.
 */
@ApplicationScoped
public class Traces {

    private static final TextMapGetter<Map<String, String>> MAP = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private final Tracer tracer;

    public Traces(Tracer tracer) {
        this.tracer = tracer;
    }

    /** The W3C {@code traceparent} of the current span, or null outside any trace. */
    public static String current() {
        SpanContext span = Span.current().getSpanContext();
        if (!span.isValid()) {
            return null;
        }
        return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-"
                + span.getTraceFlags().asHex();
    }

    /**
     * The current trace context, or, outside any span (tracing off, or work no request started, such as a schedule's
     * fire), the id of a new trace, flagged sampled so the consumers' spans are kept: every event the outbox publishes
     * carries a {@code traceparent}, so the work it starts can always be correlated with it.
     */
    public static String currentOrNew() {
        String current = current();
        if (current != null) {
            return current;
        }
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        return "00-" + String.format("%016x%016x", random.nextLong() | 1, random.nextLong()) + "-"
                + String.format("%016x", random.nextLong() | 1) + "-01";
    }

    /**
     * Runs {@code work} in a new span named {@code name}: a child of {@code traceparent} when given, the root of a new
     * trace otherwise. The span is current (and its trace id in the MDC) for the whole of the work, and ends with it.
     */
    public Uni<Void> inSpan(String name, SpanKind kind, String traceparent, Supplier<Uni<Void>> work) {
        return Uni.createFrom().deferred(() -> {
            Context parent = CloudEvent.isTraceparent(traceparent)
                    ? W3CTraceContextPropagator.getInstance()
                            .extract(Context.root(), Map.of("traceparent", traceparent), MAP)
                    : Context.root();
            Span span =
                    tracer.spanBuilder(name).setParent(parent).setSpanKind(kind).startSpan();
            Scope scope = parent.with(span).makeCurrent();
            Uni<Void> running;
            try {
                running = work.get();
            } catch (RuntimeException e) {
                span.recordException(e);
                span.end();
                scope.close();
                throw e;
            }
            return running.onFailure()
                    .invoke(span::recordException)
                    .onTermination()
                    .invoke(() -> {
                        span.end();
                        scope.close();
                    });
        });
    }

    /** The trace contexts of {@code events}, by the name the caller keys its work with. */
    public static <T> Map<String, String> of(
            List<T> items,
            java.util.function.Function<T, String> name,
            java.util.function.Function<T, String> traceparent) {
        Map<String, String> found = new java.util.HashMap<>();
        for (T item : items) {
            String value = traceparent.apply(item);
            if (value != null) {
                found.putIfAbsent(name.apply(item), value);
            }
        }
        return found;
    }
}

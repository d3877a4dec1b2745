package io.day2ops.foundation.runtime;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A background loop that runs one round at a time: right away again when a round says there is more work or someone
 * called {@link #wakeUp()}, else after the poll interval; after a failure it backs off. Never two rounds at once.
 */
public final class PollingLoop {

    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    /** How long a wake-up waits for others to join it. */
    public static final long COALESCE_MILLIS = 5;

    private final String name;
    private final Vertx vertx;
    private final Duration pollInterval;
    private final Supplier<Uni<Boolean>> round;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean inRound = new AtomicBoolean();
    private final AtomicBoolean wakeRequested = new AtomicBoolean();
    private volatile long timerId = -1;
    private volatile long dueAtNanos;
    private volatile Duration backoff = Duration.ZERO;

    /**
     * @param round one round of work; its item says whether more work is waiting
     */
    public PollingLoop(String name, Vertx vertx, Duration pollInterval, Supplier<Uni<Boolean>> round) {
        this.name = name;
        this.vertx = vertx;
        this.pollInterval = pollInterval;
        this.round = round;
    }

    public void start() {
        if (running.compareAndSet(false, true)) {
            schedule(0);
        }
    }

    public void stop() {
        running.set(false);
        long id = timerId;
        if (id >= 0) {
            vertx.cancelTimer(id);
        }
    }

    /**
     * Asks for a round within {@link #COALESCE_MILLIS}, or as soon as the current one ends. Wake-ups that arrive
     * together make one round: under load, one claim or relay round serves many events.
     */
    public void wakeUp() {
        if (!running.get()) {
            return;
        }
        wakeRequested.set(true);
        if (!inRound.get()) {
            long id = timerId;
            // Only ever bring the next round forward: under a steady stream of wake-ups, postponing it each time
            // would starve the loop.
            boolean dueLater = dueAtNanos - System.nanoTime() > COALESCE_MILLIS * 1_000_000;
            if (id >= 0 && dueLater && vertx.cancelTimer(id)) {
                schedule(COALESCE_MILLIS);
            }
        }
    }

    private void schedule(long delayMillis) {
        if (!running.get()) {
            return;
        }
        long delay = Math.max(1, delayMillis);
        dueAtNanos = System.nanoTime() + delay * 1_000_000;
        timerId = vertx.setTimer(delay, ignored -> runRound());
    }

    private void runRound() {
        timerId = -1;
        if (!running.get() || !inRound.compareAndSet(false, true)) {
            return;
        }
        wakeRequested.set(false);
        VertxContexts.onSafeContext(vertx, round).subscribe().with(this::afterRound, this::afterFailure);
    }

    private void afterRound(Boolean more) {
        inRound.set(false);
        backoff = Duration.ZERO;
        if (Boolean.TRUE.equals(more)) {
            schedule(0);
        } else {
            schedule(wakeRequested.getAndSet(false) ? COALESCE_MILLIS : pollInterval.toMillis());
        }
    }

    private void afterFailure(Throwable failure) {
        inRound.set(false);
        backoff = backoff.isZero() ? pollInterval : min(backoff.multipliedBy(2), MAX_BACKOFF);
        Log.warnf("%s: round failed, retrying in %d ms: %s", name, backoff.toMillis(), failure.toString());
        schedule(backoff.toMillis());
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}

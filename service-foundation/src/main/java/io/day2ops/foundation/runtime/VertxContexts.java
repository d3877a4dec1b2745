package io.day2ops.foundation.runtime;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * Runs reactive work on a fresh, safe Vert.x duplicated context: what Hibernate Reactive needs when the work does not
 * start from a request or a Kafka record (the outbox relay, job workers, timers).
 */
public final class VertxContexts {

    private VertxContexts() {}

    /**
     * Runs blocking work (a Kubernetes API call, file I/O) on a worker thread and delivers its result back on the
     * caller's Vert.x context, where Hibernate Reactive may go on. Must be subscribed to on a Vert.x context.
     */
    public static <T> Uni<T> blocking(Callable<T> work) {
        return Uni.createFrom().deferred(() -> {
            Context context = Vertx.currentContext();
            if (context == null) {
                return Uni.createFrom().failure(new IllegalStateException("blocking() needs a Vert.x context"));
            }
            return Uni.createFrom()
                    .completionStage(() -> context.executeBlocking(work, false).toCompletionStage());
        });
    }

    /**
     * Subscribes to {@code work} on a new duplicated context and relays its outcome. Each call takes the next event
     * loop, so background work (job runs, relay rounds) spreads over all cores instead of queueing on one thread.
     */
    public static <T> Uni<T> onSafeContext(Vertx vertx, Supplier<Uni<T>> work) {
        return Uni.createFrom().emitter(emitter -> {
            Context context = VertxContext.createNewDuplicatedContext(((VertxInternal) vertx).createEventLoopContext());
            VertxContextSafetyToggle.setContextSafe(context, true);
            context.runOnContext(ignored -> {
                Uni<T> uni;
                try {
                    uni = work.get();
                } catch (RuntimeException e) {
                    emitter.fail(e);
                    return;
                }
                uni.subscribe().with(emitter::complete, emitter::fail);
            });
        });
    }
}

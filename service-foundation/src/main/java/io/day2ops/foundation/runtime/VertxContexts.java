package io.day2ops.foundation.runtime;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.function.Supplier;

/**
 * Runs reactive work on a fresh, safe Vert.x duplicated context: what Hibernate Reactive needs when the work does not
 * start from a request or a Kafka record (the outbox relay, job workers, timers).
 */
public final class VertxContexts {

    private VertxContexts() {}

    /** Subscribes to {@code work} on a new duplicated context and relays its outcome. */
    public static <T> Uni<T> onSafeContext(Vertx vertx, Supplier<Uni<T>> work) {
        return Uni.createFrom().emitter(emitter -> {
            Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
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

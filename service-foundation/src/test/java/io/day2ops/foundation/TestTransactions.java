package io.day2ops.foundation;

import io.day2ops.foundation.runtime.VertxContexts;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.function.Supplier;

/** Runs work in a Hibernate Reactive transaction on a safe Vert.x context, as a consumer or a job does, and waits. */
public final class TestTransactions {

    public static final Duration WAIT = Duration.ofSeconds(20);

    private TestTransactions() {}

    public static <T> T inTransaction(Vertx vertx, Supplier<Uni<T>> work) {
        return VertxContexts.onSafeContext(vertx, () -> Panache.withTransaction(work::get))
                .await()
                .atMost(WAIT);
    }
}

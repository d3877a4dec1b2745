package io.day2ops.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * Gives a {@code @QuarkusTest} a real Kafka broker and a real PostgreSQL database of its own (see {@link SharedKafka}
 * and {@link SharedPostgres}); no container needed. Use with
 * {@code @QuarkusTestResource(value = Day2TestInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "backup"))}.
 */
public class Day2TestInfrastructure implements QuarkusTestResourceLifecycleManager {

    private String databasePrefix = "day2";
    private BusClient bus;

    @Override
    public void init(Map<String, String> initArgs) {
        databasePrefix = initArgs.getOrDefault("database", databasePrefix);
    }

    @Override
    public Map<String, String> start() {
        SharedPostgres.PgServer pg = SharedPostgres.server();
        String database = SharedPostgres.freshDatabase(databasePrefix);
        Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", SharedKafka.bootstrapServers());
        config.put("quarkus.datasource.jdbc.url", pg.jdbcUrl(database));
        config.put("quarkus.datasource.reactive.url", pg.reactiveUrl(database));
        config.put("quarkus.datasource.username", pg.user());
        config.put("quarkus.datasource.password", pg.password());
        bus = new BusClient(SharedKafka.bootstrapServers());
        return config;
    }

    /** Fills {@link InjectBus} fields of the test instance with this run's bus client. */
    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(bus, FieldInjection.annotated(InjectBus.class, BusClient.class));
    }

    @Override
    public void stop() {
        // The broker and server are shared by every test in this JVM and stop when it exits.
        if (bus != null) {
            bus.close();
        }
    }
}

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
    private String principal = BusAccess.ADMIN;
    private BusClient bus;

    /**
     * {@code database}: the prefix of the fresh database; {@code principal}: the bus principal the service connects
     * as, by default {@code <database>-service} when that is a service's principal ({@link BusAccess}), else the super
     * user.
     */
    @Override
    public void init(Map<String, String> initArgs) {
        databasePrefix = initArgs.getOrDefault("database", databasePrefix);
        String service = databasePrefix + "-service";
        principal = initArgs.getOrDefault(
                "principal", BusAccess.PRINCIPALS.containsKey(service) ? service : BusAccess.ADMIN);
    }

    /** The {@code kafka.*} configuration with which a service connects to the shared broker as {@code principal}. */
    public static Map<String, String> kafkaConfig(String principal) {
        Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", SharedKafka.bootstrapServers());
        Map<String, String> security = SharedKafka.clientProperties(principal);
        if (security.isEmpty()) {
            // an external plaintext broker: say so explicitly, as anyone running one must
            config.put("kafka.security.protocol", "PLAINTEXT");
            config.put("day2.bus.allow-plaintext", "true");
        }
        security.forEach((name, value) -> config.put("kafka." + name, value));
        return config;
    }

    @Override
    public Map<String, String> start() {
        SharedPostgres.PgServer pg = SharedPostgres.server();
        String database = SharedPostgres.freshDatabase(databasePrefix);
        Map<String, String> config = new HashMap<>(kafkaConfig(principal));
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

package io.day2ops.localstack;

import io.day2ops.localstack.sandbox.SandboxCluster;
import io.day2ops.localstack.sandbox.Sandboxes;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * For services that talk to backup-service over the bus (dr-service's drills): the two sandbox clusters, a real etcd as
 * the primary's, and the real backup-service — its packaged jar run as its own process on the test's broker, with a database of its own and a
 * backup folder under the module's {@code target}. The Maven reactor packages backup-service before the modules after
 * it run their tests ({@code ./mvnw verify}); run alone, a module needs {@code ./mvnw -pl backup-service package}
 * first. Its consumers use their own group and start at the end of the topics, so history on a shared broker (earlier
 * modules' tests) is not replayed into it. Gives the service under test {@code day2.clusters.primary|standby|
 * unreachable.url}, and {@code test.backup-service.url}.
 */
public class BackupServiceStack implements QuarkusTestResourceLifecycleManager {

    static final Path JAR = Path.of("..", "backup-service", "target", "quarkus-app", "quarkus-run.jar");

    private List<SandboxCluster> clusters;
    private LocalEtcd etcd;
    private LocalProcess backupService;

    @Override
    public Map<String, String> start() {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath().normalize() + " is missing: backup-service is not"
                    + " packaged. ./mvnw -B verify packages it before this module's tests; on its own run"
                    + " ./mvnw -pl backup-service -am package -DskipTests first");
        }
        clusters = Sandboxes.start(0, 0, 10);
        etcd = LocalEtcd.start();
        SharedPostgres.PgServer pg = SharedPostgres.server();
        String database = SharedPostgres.freshDatabase("drillbackup");
        int port = freePort();
        Path dir;
        try {
            dir = Files.createTempDirectory("day2-backup-service");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xmx384m",
                "-Dquarkus.http.port=" + port,
                "-Dkafka.bootstrap.servers=" + SharedKafka.bootstrapServers(),
                "-Dquarkus.datasource.jdbc.url=" + pg.jdbcUrl(database),
                "-Dquarkus.datasource.reactive.url=" + pg.reactiveUrl(database),
                "-Dquarkus.datasource.username=" + pg.user(),
                "-Dquarkus.datasource.password=" + pg.password(),
                "-Dday2.clusters.primary.url=" + clusters.get(0).url(),
                "-Dday2.clusters.standby.url=" + clusters.get(1).url(),
                "-Dday2.clusters.primary.etcd.endpoints=" + etcd.endpoint(),
                "-Dday2.storage.locations.default.path=" + dir.resolve("backups")));
        for (String channel : List.of("backup-requested", "restore-requested")) {
            command.add("-Dmp.messaging.incoming." + channel + ".group.id=backup-service-stack");
            command.add("-Dmp.messaging.incoming." + channel + ".auto.offset.reset=latest");
        }
        command.addAll(List.of("-jar", JAR.toAbsolutePath().toString()));
        backupService =
                LocalProcess.start("backup-service", command, dir, "java could not start " + JAR.toAbsolutePath());
        backupService.awaitHttp(
                "http://127.0.0.1:" + port + "/q/health/ready", code -> code == 200, Duration.ofSeconds(90));
        return Map.of(
                "day2.clusters.primary.url",
                clusters.get(0).url(),
                "day2.clusters.standby.url",
                clusters.get(1).url(),
                "day2.clusters.unreachable.url",
                "http://127.0.0.1:" + freePort(),
                "day2.clusters.unreachable.request-timeout",
                "2s",
                "test.backup-service.url",
                "http://127.0.0.1:" + port);
    }

    @Override
    public void stop() {
        if (backupService != null) {
            backupService.close();
        }
        if (clusters != null) {
            clusters.forEach(SandboxCluster::close);
        }
        if (etcd != null) {
            etcd.close();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

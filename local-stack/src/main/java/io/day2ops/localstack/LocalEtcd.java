package io.day2ops.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real etcd (Debian's {@code etcd-server}, on the PATH) on loopback, with its own data folder: for tests and
 * benchmarks of etcd snapshots. {@code .ci/run} installs the package.
 */
public final class LocalEtcd implements AutoCloseable {

    private final Process process;
    private final Path dataDir;
    private final String endpoint;

    private LocalEtcd(Process process, Path dataDir, String endpoint) {
        this.process = process;
        this.dataDir = dataDir;
        this.endpoint = endpoint;
    }

    /** Starts etcd and waits until it answers {@code /health}. */
    public static LocalEtcd start() {
        try {
            Path dir = Files.createTempDirectory("day2-etcd");
            int client = freePort();
            int peer = freePort();
            String endpoint = "http://127.0.0.1:" + client;
            Process process;
            try {
                process = new ProcessBuilder(List.of(
                                "etcd",
                                "--name",
                                "day2-test",
                                "--data-dir",
                                dir.resolve("data").toString(),
                                "--listen-client-urls",
                                endpoint,
                                "--advertise-client-urls",
                                endpoint,
                                "--listen-peer-urls",
                                "http://127.0.0.1:" + peer,
                                "--initial-advertise-peer-urls",
                                "http://127.0.0.1:" + peer,
                                "--initial-cluster",
                                "day2-test=http://127.0.0.1:" + peer,
                                "--log-level",
                                "error"))
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("etcd.log").toFile())
                        .start();
            } catch (IOException e) {
                throw new IllegalStateException(
                        "etcd is not on the PATH: apt-get install -y etcd-server etcd-client (.ci/run does)", e);
            }
            LocalEtcd etcd = new LocalEtcd(process, dir, endpoint);
            etcd.awaitHealthy(Duration.ofSeconds(20));
            return etcd;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The client URL, e.g. {@code http://127.0.0.1:40123}. */
    public String endpoint() {
        return endpoint;
    }

    private void awaitHealthy(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "etcd exited with " + process.exitValue() + ", see " + dataDir.resolve("etcd.log"));
            }
            try {
                HttpURLConnection connection = (HttpURLConnection)
                        URI.create(endpoint + "/health").toURL().openConnection();
                connection.setConnectTimeout(500);
                connection.setReadTimeout(500);
                if (connection.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        close();
        throw new IllegalStateException("etcd was not healthy in " + timeout);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            try (Stream<Path> files = Files.walk(dataDir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

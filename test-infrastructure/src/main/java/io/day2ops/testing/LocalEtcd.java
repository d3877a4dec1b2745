package io.day2ops.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real etcd (Debian's {@code etcd-server}, on the PATH) on loopback, with its own data folder: for tests and
 * benchmarks of etcd snapshots. {@code .ci/run} installs the package.
 */
public final class LocalEtcd implements AutoCloseable {

    private final LocalProcess process;
    private final String endpoint;

    private LocalEtcd(LocalProcess process, String endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    /** Starts etcd and waits until it answers {@code /health}. */
    public static LocalEtcd start() {
        try {
            Path dir = Files.createTempDirectory("day2-etcd");
            int client = freePort();
            int peer = freePort();
            String endpoint = "http://127.0.0.1:" + client;
            LocalProcess process = LocalProcess.start(
                    "etcd",
                    List.of(
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
                            "error"),
                    dir,
                    "etcd is not on the PATH: apt-get install -y etcd-server etcd-client (.ci/run does)");
            process.awaitHttp(endpoint + "/health", status -> status == 200, Duration.ofSeconds(20));
            LocalEtcd etcd = new LocalEtcd(process, endpoint);
            return etcd;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The client URL, e.g. {@code http://127.0.0.1:40123}. */
    public String endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        process.close();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.day2ops.backup.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.GetOption;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Proves an etcd snapshot restores: {@code etcdutl snapshot restore} (or {@code etcdctl snapshot restore} where only
 * etcd 3.4 is installed) into a scratch data dir — which checks the sha256 etcd appended to the file — then a scratch
 * etcd on loopback started from it, its key count and revision compared with those recorded when the snapshot was
 * taken, and everything stopped and removed. Blocking; needs the etcd binaries on the PATH.
 */
public final class EtcdSnapshotVerifier {

    private static final ByteSequence ALL = ByteSequence.from(new byte[] {0});

    /**
     * What the verification found.
     *
     * @param passed whether the snapshot restored and matched what was recorded
     * @param message what was seen, or why it failed
     */
    public record Outcome(boolean passed, String message) {}

    private EtcdSnapshotVerifier() {}

    /**
     * Restores {@code snapshot} into a scratch etcd and compares it with what was recorded when it was taken.
     *
     * @param exact whether nothing was written to etcd while the snapshot streamed; when false the recorded figures
     *     are those at its start, and the snapshot may hold a few newer writes (revision at least the recorded one)
     */
    public static Outcome verify(
            Path snapshot, long expectedRevision, long expectedKeys, boolean exact, Duration timeout) {
        if (!Files.isRegularFile(snapshot)) {
            return new Outcome(false, snapshot + " does not exist");
        }
        Path scratch;
        try {
            scratch = Files.createTempDirectory("day2-etcd-verify");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Process etcd = null;
        try {
            int peer = freePort();
            int clientPort = freePort();
            String peerUrl = "http://127.0.0.1:" + peer;
            String clientUrl = "http://127.0.0.1:" + clientPort;
            Path data = scratch.resolve("data");
            List<String> restore = new ArrayList<>(List.of(
                    tool(),
                    "snapshot",
                    "restore",
                    snapshot.toString(),
                    "--data-dir",
                    data.toString(),
                    "--name",
                    "verify",
                    "--initial-cluster",
                    "verify=" + peerUrl,
                    "--initial-advertise-peer-urls",
                    peerUrl));
            // output to a file, not read from a pipe: reading a pipe blocks until the tool exits, whatever the timeout
            Path restoreLog = scratch.resolve("restore.log");
            ProcessBuilder restoring =
                    new ProcessBuilder(restore).redirectErrorStream(true).redirectOutput(restoreLog.toFile());
            restoring.environment().put("ETCDCTL_API", "3");
            Process restoreProcess = restoring.start();
            if (!restoreProcess.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                restoreProcess.destroyForcibly();
                return new Outcome(
                        false,
                        "snapshot restore did not finish within " + timeout.toSeconds()
                                + " s (day2.backup.etcd-verify-timeout)");
            }
            String output = Files.readString(restoreLog, StandardCharsets.UTF_8);
            if (restoreProcess.exitValue() != 0) {
                return new Outcome(false, "snapshot restore refused the file: " + lastLine(output));
            }
            etcd = new ProcessBuilder(
                            "etcd",
                            "--name",
                            "verify",
                            "--data-dir",
                            data.toString(),
                            "--listen-client-urls",
                            clientUrl,
                            "--advertise-client-urls",
                            clientUrl,
                            "--listen-peer-urls",
                            peerUrl,
                            "--initial-advertise-peer-urls",
                            peerUrl,
                            "--initial-cluster",
                            "verify=" + peerUrl,
                            "--log-level",
                            "error")
                    .redirectErrorStream(true)
                    .redirectOutput(scratch.resolve("etcd.log").toFile())
                    .start();
            if (!awaitHealthy(etcd, clientUrl + "/health", timeout)) {
                return new Outcome(
                        false,
                        "the scratch etcd restored from the snapshot did not become healthy: "
                                + lastLine(
                                        Files.exists(scratch.resolve("etcd.log"))
                                                ? Files.readString(scratch.resolve("etcd.log"))
                                                : ""));
            }
            try (Client client = Client.builder().endpoints(clientUrl).build()) {
                GetResponse count = client.getKVClient()
                        .get(
                                ALL,
                                GetOption.builder()
                                        .withRange(ALL)
                                        .withCountOnly(true)
                                        .build())
                        .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                long revision = count.getHeader().getRevision();
                long keys = count.getCount();
                List<String> problems = new ArrayList<>();
                if (exact && keys != expectedKeys) {
                    problems.add(keys + " keys, " + expectedKeys + " recorded");
                }
                if (exact ? revision != expectedRevision : revision < expectedRevision) {
                    problems.add("revision " + revision + ", " + expectedRevision + " recorded");
                }
                return problems.isEmpty()
                        ? new Outcome(
                                true,
                                "restored into a scratch etcd: revision " + revision + ", " + keys + " keys, "
                                        + (exact
                                                ? "as recorded"
                                                : "written to while it streamed (recorded at its" + " start: revision "
                                                        + expectedRevision + ")"))
                        : new Outcome(
                                false,
                                "the restored snapshot does not match what was recorded: "
                                        + String.join("; ", problems));
            }
        } catch (IOException e) {
            return new Outcome(
                    false,
                    "etcd verification could not run: " + e.getMessage()
                            + " (etcd and etcdctl/etcdutl must be on the PATH)");
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return new Outcome(false, "etcd verification failed: " + e);
        } finally {
            if (etcd != null) {
                etcd.destroy();
                try {
                    if (!etcd.waitFor(10, TimeUnit.SECONDS)) {
                        etcd.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            delete(scratch);
        }
    }

    /** {@code etcdutl} (etcd 3.5+) when installed, else {@code etcdctl} (3.4). */
    /** Why snapshots cannot be verified here (no etcd binaries on the PATH), or null when they can. */
    public static String unavailableReason() {
        return onPath("etcd") && (onPath("etcdutl") || onPath("etcdctl"))
                ? null
                : "etcd and etcdutl (or etcdctl) are not on backup-service's PATH, so the snapshot was not restored"
                        + " to prove it; install them (the image ships them) or set day2.backup.verify-etcd-snapshots"
                        + "=false to stop trying";
    }

    private static String tool() {
        return onPath("etcdutl") ? "etcdutl" : "etcdctl";
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    private static boolean awaitHealthy(Process etcd, String url, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && etcd.isAlive()) {
            try {
                HttpURLConnection connection =
                        (HttpURLConnection) URI.create(url).toURL().openConnection();
                connection.setConnectTimeout(500);
                connection.setReadTimeout(500);
                if (connection.getResponseCode() == 200) {
                    return true;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(100);
        }
        return false;
    }

    private static String lastLine(String output) {
        String[] lines = output.strip().split("\n");
        return lines.length == 0 ? "(no output)" : lines[lines.length - 1].strip();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind
        }
    }
}

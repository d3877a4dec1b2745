package io.day2ops.backup.etcd;

import io.day2ops.events.EtcdSnapshotInfo;
import io.day2ops.foundation.clusters.ClustersConfig;
import io.day2ops.foundation.clusters.EtcdClients;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.GetOption;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Takes an etcd snapshot as {@code etcdctl snapshot save} does ({@code Maintenance.snapshot()}, the same bytes),
 * streamed to storage, and checks the sha256 etcd appends to it while it streams, without holding the file in memory.
 */
public final class EtcdSnapshotter {

    private static final ByteSequence ALL = ByteSequence.from(new byte[] {0});
    private static final int ATTEMPTS = 3;

    private EtcdSnapshotter() {}

    /**
     * What a snapshot holds, and whether the revision and key count are exact.
     *
     * @param info revision, keys, size and sha256 of the stored file
     * @param exact false when etcd was written to while the snapshot streamed, so revision and keys are those at its
     *     start (the file may hold a few newer writes)
     */
    public record Result(EtcdSnapshotInfo info, boolean exact) {}

    /** Streams a snapshot of {@code etcd} into {@code out} (closed on return). Blocking. */
    public static Result snapshot(ClustersConfig.Etcd etcd, OutputStream out) throws IOException, InterruptedException {
        try (Client client = EtcdClients.open(etcd)) {
            long timeout = etcd.timeout().toMillis();
            GetResponse before = count(client, timeout);
            TrailerCheck check = new TrailerCheck(out);
            long streamTimeout = etcd.snapshotTimeout().toMillis();
            try (check) {
                client.getMaintenanceClient().snapshot(check).get(streamTimeout, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new IOException("etcd at " + etcd.endpoints().orElseThrow() + ": the snapshot did not finish"
                        + " within "
                        + etcd.snapshotTimeout().toString().substring(2).toLowerCase(java.util.Locale.ROOT)
                        + " (" + check.size() + " bytes received; day2.clusters.<cluster>.etcd.snapshot-timeout)");
            }
            check.verify();
            GetResponse after = count(client, timeout);
            long revision = before.getHeader().getRevision();
            boolean exact = after.getHeader().getRevision() == revision;
            return new Result(new EtcdSnapshotInfo(revision, before.getCount(), check.size(), check.sha256()), exact);
        } catch (ExecutionException e) {
            throw new IOException(
                    "etcd at " + etcd.endpoints().orElseThrow() + ": "
                            + e.getCause().getMessage(),
                    e.getCause());
        }
    }

    private static GetResponse count(Client client, long timeoutMillis)
            throws InterruptedException, ExecutionException {
        ExecutionException last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try {
                return client.getKVClient()
                        .get(
                                ALL,
                                GetOption.builder()
                                        .withRange(ALL)
                                        .withCountOnly(true)
                                        .build())
                        .get(timeoutMillis, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                last = e;
            } catch (TimeoutException e) {
                last = new ExecutionException(new IOException("no answer within " + timeoutMillis + " ms", e));
            }
        }
        throw last;
    }

    /**
     * Passes bytes on and hashes all but the last 32, which etcd sets to the sha256 of everything before them; the
     * whole file's sha256 (for the manifest) continues that hash with the trailer.
     */
    private static final class TrailerCheck extends FilterOutputStream {
        private static final int TRAILER = 32;
        private final MessageDigest body = newDigest();
        private final byte[] tail = new byte[TRAILER];
        private int tailLength;
        private long size;
        private String sha256;

        TrailerCheck(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
            size += length;
            // Keep the newest 32 bytes back; what falls out of that window is body.
            int total = tailLength + length;
            int release = Math.max(0, total - TRAILER);
            int fromTail = Math.min(release, tailLength);
            body.update(tail, 0, fromTail);
            body.update(bytes, offset, release - fromTail);
            byte[] window = new byte[TRAILER];
            int kept = 0;
            for (int i = fromTail; i < tailLength; i++) {
                window[kept++] = tail[i];
            }
            for (int i = offset + (release - fromTail); i < offset + length; i++) {
                window[kept++] = bytes[i];
            }
            System.arraycopy(window, 0, tail, 0, kept);
            tailLength = kept;
        }

        void verify() throws IOException {
            // One pass of hashing: the whole file's sha256 continues the body's with the trailer.
            MessageDigest whole;
            try {
                whole = (MessageDigest) body.clone();
            } catch (CloneNotSupportedException e) {
                throw new IllegalStateException(e);
            }
            whole.update(tail, 0, tailLength);
            byte[] expected = body.digest();
            if (tailLength != TRAILER || !Arrays.equals(expected, tail)) {
                throw new IOException("the etcd snapshot's sha256 trailer does not match its contents (" + size
                        + " bytes): the snapshot is corrupt");
            }
            sha256 = HexFormat.of().formatHex(whole.digest());
        }

        long size() {
            return size;
        }

        String sha256() {
            return sha256;
        }

        private static MessageDigest newDigest() {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}

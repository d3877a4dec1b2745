package io.day2ops.backup.rest;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.concurrent.Callable;

/**
 * A stored part served as it is read (decrypted on the fly where it is encrypted): 64 KiB chunks, each read on a worker
 * thread only when the client wants more, so a slow client holds one chunk, not the file; nothing is written to disk.
 */
final class PartStream {

    private static final int CHUNK = 64 * 1024;

    private PartStream() {}

    static Multi<byte[]> of(Callable<InputStream> open) {
        return Multi.createFrom()
                .resource(
                        () -> {
                            try {
                                return open.call();
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        },
                        in -> Multi.createBy()
                                .repeating()
                                .uni(() -> Uni.createFrom()
                                        .item(() -> chunk(in))
                                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()))
                                .until(chunk -> chunk.length == 0))
                .withFinalizer(in -> {
                    try {
                        in.close();
                    } catch (IOException ignored) {
                        // the client is gone or the stream is done; nothing to keep
                    }
                });
    }

    private static byte[] chunk(InputStream in) {
        try {
            byte[] buffer = new byte[CHUNK];
            int n = in.readNBytes(buffer, 0, CHUNK);
            return n == CHUNK ? buffer : Arrays.copyOf(buffer, n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

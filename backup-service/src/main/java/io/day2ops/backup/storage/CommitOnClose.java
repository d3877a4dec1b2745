package io.day2ops.backup.storage;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A part being written: bytes go to a temporary place, and closing the stream (once) makes the part appear under its
 * name — a move of a file, an upload of a spool. How a location keeps readers from ever seeing half a part.
 */
final class CommitOnClose extends FilterOutputStream {

    /** What makes the written bytes visible, run after the temporary stream is closed. */
    interface Commit {
        void run() throws IOException;
    }

    private final Commit commit;
    private boolean closed;

    CommitOnClose(OutputStream temporary, Commit commit) {
        super(temporary);
        this.commit = commit;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        out.write(bytes, offset, length);
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        super.close();
        commit.run();
    }
}

package io.day2ops.backup.etcd;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Writes to its stream and to a copy: the etcd snapshot goes to storage and to a local file to verify. */
public final class CopyingOutputStream extends FilterOutputStream {

    private final OutputStream copy;

    public CopyingOutputStream(OutputStream out, OutputStream copy) {
        super(out);
        this.copy = copy;
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        copy.write(b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        out.write(bytes, offset, length);
        copy.write(bytes, offset, length);
    }

    @Override
    public void flush() throws IOException {
        out.flush();
        copy.flush();
    }
}

package io.day2ops.backup.crypto;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * A large part (the etcd snapshot) encrypted as it streams, in AES-256-GCM chunks of 64 KiB (the STREAM construction):
 * a header {@code D2S1} + an 8-byte random nonce prefix, then per chunk its length (high bit: last chunk) and its
 * ciphertext with tag. Each chunk's nonce is the prefix and its index; its associated data binds the part's context
 * (backup, cluster, path), the index and whether it is the last — so chunks cannot be reordered, dropped, swapped
 * between parts or backups, or the stream cut short, without the reader noticing. Nothing is ever written in clear.
 */
public final class SealedStream {

    private static final byte[] MAGIC = "D2S1".getBytes(StandardCharsets.US_ASCII);
    private static final int CHUNK = 64 * 1024;
    private static final int TAG_BYTES = 16;
    private static final int LAST = 0x8000_0000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private SealedStream() {}

    /** Encrypts what is written into {@code out}; closing it writes the last chunk and closes {@code out}. */
    public static OutputStream encrypting(OutputStream out, SecretKey key, String context) {
        return new Encrypting(out, key, context);
    }

    /** Decrypts a stream {@link #encrypting} wrote with the same key and context; fails on any change. */
    public static InputStream decrypting(InputStream in, SecretKey key, String context) {
        return new Decrypting(in, key, context);
    }

    private static byte[] nonce(byte[] prefix, int index) {
        return ByteBuffer.allocate(12).put(prefix).putInt(index).array();
    }

    private static byte[] aad(String context, int index, boolean last) {
        return (context + "|" + index + "|" + (last ? "last" : "more")).getBytes(StandardCharsets.UTF_8);
    }

    private static final class Encrypting extends FilterOutputStream {
        private final SecretKey key;
        private final String context;
        private final byte[] prefix = new byte[8];
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(CHUNK);
        private int index;
        private boolean headerWritten;
        private boolean closed;

        Encrypting(OutputStream out, SecretKey key, String context) {
            super(out);
            this.key = key;
            this.context = context;
            RANDOM.nextBytes(prefix);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            while (length > 0) {
                int n = Math.min(length, CHUNK - buffer.size());
                buffer.write(bytes, offset, n);
                offset += n;
                length -= n;
                if (buffer.size() == CHUNK) {
                    chunk(false);
                }
            }
        }

        private void chunk(boolean last) throws IOException {
            if (!headerWritten) {
                out.write(MAGIC);
                out.write(prefix);
                headerWritten = true;
            }
            byte[] sealed;
            try {
                Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
                cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, nonce(prefix, index)));
                cipher.updateAAD(aad(context, index, last));
                sealed = cipher.doFinal(buffer.toByteArray());
            } catch (GeneralSecurityException e) {
                throw new IOException("could not encrypt chunk " + index + " of " + context, e);
            }
            out.write(ByteBuffer.allocate(4)
                    .putInt(sealed.length | (last ? LAST : 0))
                    .array());
            out.write(sealed);
            buffer.reset();
            index++;
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try {
                chunk(true);
            } finally {
                out.close();
            }
        }
    }

    private static final class Decrypting extends InputStream {
        private final DataInputStream in;
        private final SecretKey key;
        private final String context;
        private byte[] prefix;
        private byte[] plain = new byte[0];
        private int position;
        private int index;
        private boolean last;

        Decrypting(InputStream in, SecretKey key, String context) {
            this.in = new DataInputStream(in);
            this.key = key;
            this.context = context;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            while (position == plain.length) {
                if (last) {
                    return -1;
                }
                next();
            }
            int n = Math.min(length, plain.length - position);
            System.arraycopy(plain, position, bytes, offset, n);
            position += n;
            return n;
        }

        private void next() throws IOException {
            try {
                if (prefix == null) {
                    byte[] magic = new byte[MAGIC.length];
                    in.readFully(magic);
                    if (!Arrays.equals(magic, MAGIC)) {
                        throw new IOException(context + " is not an encrypted stream of this format");
                    }
                    prefix = new byte[8];
                    in.readFully(prefix);
                }
                int header = in.readInt();
                boolean isLast = (header & LAST) != 0;
                int length = header & ~LAST;
                if (length < TAG_BYTES || length > CHUNK + TAG_BYTES) {
                    throw new IOException(context + ": chunk " + index + " has an impossible length " + length);
                }
                byte[] sealed = new byte[length];
                in.readFully(sealed);
                Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
                cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, nonce(prefix, index)));
                cipher.updateAAD(aad(context, index, isLast));
                plain = cipher.doFinal(sealed);
                position = 0;
                last = isLast;
                index++;
            } catch (EOFException e) {
                throw new IOException(context + " ends before its last chunk: cut short", e);
            } catch (GeneralSecurityException e) {
                throw new IOException(
                        context + ": chunk " + index
                                + " cannot be decrypted (wrong key, or altered, reordered or moved)",
                        e);
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}

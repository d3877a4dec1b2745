package io.day2ops.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on loopback that goes quiet on command: after {@link #stallAfter} bytes from the server it forwards
 * nothing more in either direction but keeps every connection open — a server that hangs mid-answer (a frozen etcd, a
 * network that drops packets without resetting), which no connect or read error reveals, only a timeout.
 */
public final class StallingProxy implements AutoCloseable {

    private final ServerSocket server;
    private final String targetHost;
    private final int targetPort;
    private final AtomicLong budget = new AtomicLong(Long.MAX_VALUE);
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private StallingProxy(String targetHost, int targetPort) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        Thread acceptor = new Thread(this::accept, "stalling-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A proxy to {@code host:port}, forwarding everything until told to stall. */
    public static StallingProxy to(String host, int port) {
        try {
            return new StallingProxy(host, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://127.0.0.1:<port>} of the proxy. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** From now on, forward {@code bytes} more from the server (all connections together), then nothing. */
    public void stallAfter(long bytes) {
        budget.set(bytes);
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                Socket target = new Socket(targetHost, targetPort);
                sockets.add(client);
                sockets.add(target);
                pump(client, target, false);
                pump(target, client, true);
            } catch (IOException e) {
                if (!closed) {
                    continue;
                }
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, boolean fromServer) {
        Thread thread = new Thread(
                () -> {
                    byte[] buffer = new byte[8192];
                    try (InputStream in = from.getInputStream()) {
                        OutputStream out = to.getOutputStream();
                        int read;
                        while ((read = in.read(buffer)) >= 0) {
                            int allowed =
                                    fromServer ? (int) Math.min(read, Math.max(0, budget.getAndAdd(-read))) : read;
                            if (!fromServer && budget.get() <= 0) {
                                allowed = 0;
                            }
                            if (allowed > 0) {
                                out.write(buffer, 0, allowed);
                                out.flush();
                            }
                            if (allowed < read) {
                                while (!closed) {
                                    Thread.sleep(100); // quiet, connection kept open
                                }
                                return;
                            }
                        }
                    } catch (IOException | InterruptedException e) {
                        // the connection ended
                    }
                },
                "stalling-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}

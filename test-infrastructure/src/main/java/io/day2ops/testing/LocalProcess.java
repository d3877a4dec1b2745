package io.day2ops.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import java.util.stream.Stream;

/** A server run as its own process for tests (etcd, s3proxy), with a temporary folder for its data and its log. */
final class LocalProcess implements AutoCloseable {

    private final String what;
    private final Process process;
    private final Path dir;

    private LocalProcess(String what, Process process, Path dir) {
        this.what = what;
        this.process = process;
        this.dir = dir;
    }

    /** Starts {@code command}, its output to {@code <dir>/<what>.log}; {@code missing} says what to do if it cannot. */
    static LocalProcess start(String what, List<String> command, Path dir, String missing) {
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve(what + ".log").toFile())
                    .start();
            return new LocalProcess(what, process, dir);
        } catch (IOException e) {
            throw new IllegalStateException(missing, e);
        }
    }

    /** Waits until {@code url} answers with a status {@code ready} accepts; stops the process if it never does. */
    void awaitHttp(String url, IntPredicate ready, Duration timeout) {
        try {
            awaitHttp(process, what, url, ready, timeout, () -> "see " + dir.resolve(what + ".log"));
        } catch (IllegalStateException e) {
            if (process.isAlive()) {
                close(); // it never answered; one that exited keeps its log for the message
            }
            throw e;
        }
    }

    /** Waits until {@code url} answers with a status {@code ready} accepts; {@code logs} says where to look. */
    static void awaitHttp(
            Process process,
            String what,
            String url,
            IntPredicate ready,
            Duration timeout,
            java.util.function.Supplier<String> logs) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(what + " exited with " + process.exitValue() + ":\n" + logs.get());
            }
            try {
                HttpURLConnection connection =
                        (HttpURLConnection) URI.create(url).toURL().openConnection();
                connection.setConnectTimeout(500);
                connection.setReadTimeout(500);
                if (ready.test(connection.getResponseCode())) {
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
        throw new IllegalStateException(what + " did not answer " + url + " within " + timeout + ":\n" + logs.get());
    }

    /** Waits until {@code file} exists (the process says it is ready); stops the process if it never does. */
    void awaitFile(Path file, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Files.exists(file)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        what + " exited with " + process.exitValue() + ", see " + dir.resolve(what + ".log"));
            }
            if (System.nanoTime() > deadline) {
                close();
                throw new IllegalStateException(what + " was not ready within " + timeout);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Stops the process and deletes its folder. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            try (Stream<Path> files = Files.walk(dir)) {
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
}

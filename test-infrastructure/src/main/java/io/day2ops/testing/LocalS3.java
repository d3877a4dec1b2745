package io.day2ops.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real S3 server on loopback: s3proxy (its jar-with-dependencies, which a module's build copies to
 * {@code target/s3proxy/s3proxy.jar}) in its own JVM, storing objects in a temporary folder (one folder per bucket).
 */
public final class LocalS3 implements AutoCloseable {

    public static final String IDENTITY = "local-identity";
    public static final String CREDENTIAL = "local-credential";

    private final LocalProcess process;
    private final Path baseDir;
    private final String endpoint;

    private LocalS3(LocalProcess process, Path baseDir, String endpoint) {
        this.process = process;
        this.baseDir = baseDir;
        this.endpoint = endpoint;
    }

    /** Starts s3proxy with {@code buckets} created, and waits until it answers. */
    public static LocalS3 start(Path jar, String... buckets) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: the module's build copies s3proxy there"
                    + " (maven-dependency-plugin, phase process-test-resources)");
        }
        try {
            Path dir = Files.createTempDirectory("day2-s3");
            Path data = Files.createDirectories(dir.resolve("data"));
            for (String bucket : buckets) {
                Files.createDirectories(data.resolve(bucket));
            }
            int port = LocalEtcd.freePort();
            String endpoint = "http://127.0.0.1:" + port;
            Path properties = dir.resolve("s3proxy.conf");
            Files.writeString(
                    properties,
                    String.join(
                            "\n",
                            "s3proxy.endpoint=" + endpoint,
                            "s3proxy.authorization=aws-v2-or-v4",
                            "s3proxy.identity=" + IDENTITY,
                            "s3proxy.credential=" + CREDENTIAL,
                            "jclouds.provider=filesystem",
                            "jclouds.filesystem.basedir=" + data));
            String java = ProcessHandle.current().info().command().orElse("java");
            LocalProcess process = LocalProcess.start(
                    "s3proxy",
                    List.of(java, "-Xmx256m", "-jar", jar.toString(), "--properties", properties.toString()),
                    dir,
                    "cannot run " + java);
            // 403 without credentials: it is serving
            process.awaitHttp(endpoint + "/", status -> status > 0, Duration.ofSeconds(30));
            LocalS3 s3 = new LocalS3(process, dir, endpoint);
            return s3;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The endpoint, e.g. {@code http://127.0.0.1:40123}. */
    public String endpoint() {
        return endpoint;
    }

    /** Where an object is stored on disk: the bytes behind {@code s3://bucket/key}. */
    public Path objectFile(String bucket, String key) {
        return baseDir.resolve("data").resolve(bucket).resolve(key);
    }

    @Override
    public void close() {
        process.close();
    }
}

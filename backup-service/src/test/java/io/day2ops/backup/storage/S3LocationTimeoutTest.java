package io.day2ops.backup.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.day2ops.backup.config.BackupConfig;
import io.day2ops.testing.LocalS3;
import io.day2ops.testing.StallingProxy;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An S3 store that stops sending mid-object: the read fails after {@code day2.storage.locations.<name>.timeout} without
 * a byte, naming that setting, instead of hanging the restore. A real S3 server (s3proxy) behind a proxy that stalls.
 */
class S3LocationTimeoutTest {

    private static LocalS3 s3;
    private static StallingProxy proxy;

    @BeforeAll
    static void store() {
        s3 = LocalS3.start(Path.of("target/s3proxy/s3proxy.jar"), "stall");
        URI endpoint = URI.create(s3.endpoint());
        proxy = StallingProxy.to(endpoint.getHost(), endpoint.getPort());
    }

    @AfterAll
    static void close() {
        proxy.close();
        s3.close();
    }

    @Test
    void aStoreThatStopsSendingFailsTheReadNamingTheTimeout() throws Exception {
        byte[] part = new byte[16 * 1024 * 1024]; // more than the sockets can buffer
        new Random(7).nextBytes(part);
        try (OutputStream out = location("direct", s3.endpoint(), "60s").create("b1", "resources/pods.tar.gz")) {
            out.write(part);
        }
        StorageLocation slow = location("slow", proxy.endpoint(), "1s");

        long started = System.nanoTime();
        assertThatThrownBy(() -> {
                    try (InputStream in = slow.open("b1", "resources/pods.tar.gz")) {
                        proxy.stallAfter(64 * 1024); // the answer's headers and a little of the object, then silence
                        in.readAllBytes();
                    }
                })
                .isInstanceOf(IOException.class)
                .hasMessageContaining("no byte for 1s (day2.storage.locations.slow.timeout)");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
    }

    private static StorageLocation location(String name, String endpoint, String timeout) {
        Map<String, String> properties = new HashMap<>();
        String p = "day2.storage.locations." + name + ".";
        properties.put(p + "type", "s3");
        properties.put(p + "bucket", "stall");
        properties.put(p + "endpoint", endpoint);
        properties.put(p + "access-key", LocalS3.IDENTITY);
        properties.put(p + "secret-key", LocalS3.CREDENTIAL);
        properties.put(p + "timeout", timeout);
        properties.put("day2.backup.encryption-key", "unused");
        BackupConfig config = new SmallRyeConfigBuilder()
                .withMapping(BackupConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                .build()
                .getConfigMapping(BackupConfig.class);
        return S3Location.create(name, config.storage().locations().get(name), false);
    }
}

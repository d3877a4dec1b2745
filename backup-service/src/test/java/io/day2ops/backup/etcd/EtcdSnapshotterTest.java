package io.day2ops.backup.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.day2ops.foundation.clusters.ClustersConfig;
import io.day2ops.testing.LocalEtcd;
import io.day2ops.testing.StallingProxy;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A real etcd behind a proxy that goes quiet in the middle of the snapshot stream (etcd hung, packets dropped): the
 * snapshot fails within its timeout, naming it, instead of blocking its backup forever (before, the stream had no
 * timeout at all, and this test hung until JUnit's own limit).
 */
class EtcdSnapshotterTest {

    private static LocalEtcd etcd;

    @BeforeAll
    static void aBigEnoughEtcd() throws Exception {
        etcd = LocalEtcd.start();
        byte[] value = new byte[1024];
        try (Client client = Client.builder().endpoints(etcd.endpoint()).build()) {
            for (int i = 0; i < 2000; i++) {
                client.getKVClient()
                        .put(
                                ByteSequence.from("/registry/configmaps/big/cm-" + i, StandardCharsets.UTF_8),
                                ByteSequence.from(value))
                        .get();
            }
        }
    }

    @AfterAll
    static void stop() {
        etcd.close();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aSnapshotStreamThatGoesQuietFailsWithinItsTimeoutNamingIt() {
        URI target = URI.create(etcd.endpoint());
        try (StallingProxy proxy = StallingProxy.to(target.getHost(), target.getPort())) {
            ClustersConfig.Etcd settings = settings(proxy.endpoint(), "3s");
            // whole: the snapshot through the proxy works while it forwards
            ByteArrayOutputStream whole = new ByteArrayOutputStream();
            EtcdSnapshotter.Result result = snapshot(settings, whole);
            assertThat(whole.size()).isGreaterThan(1_000_000);
            assertThat(result.info().keys()).isGreaterThanOrEqualTo(2000);

            proxy.stallAfter(256 * 1024); // the count answers pass, the stream stops a quarter of a MB in
            long started = System.nanoTime();
            assertThatThrownBy(() -> EtcdSnapshotter.snapshot(settings, OutputStream.nullOutputStream()))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("the snapshot did not finish within 3s")
                    .hasMessageContaining("etcd.snapshot-timeout");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
        }
    }

    private static EtcdSnapshotter.Result snapshot(ClustersConfig.Etcd settings, OutputStream out) {
        try {
            return EtcdSnapshotter.snapshot(settings, out);
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static ClustersConfig.Etcd settings(String endpoint, String snapshotTimeout) {
        return new SmallRyeConfigBuilder()
                .withMapping(ClustersConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withSources(new PropertiesConfigSource(
                        Map.of(
                                "day2.clusters.hung.etcd.endpoints", endpoint,
                                "day2.clusters.hung.etcd.timeout", "2s",
                                "day2.clusters.hung.etcd.snapshot-timeout", snapshotTimeout),
                        "test",
                        500))
                .build()
                .getConfigMapping(ClustersConfig.class)
                .clusters()
                .get("hung")
                .etcd();
    }
}

package io.day2ops.dr.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Where httpChecks may go: no DNS beyond literal addresses and localhost, no Quarkus. */
class HttpCheckFenceTest {

    @Test
    void withNoHostListedEveryCheckIsRefusedWithTheSettingToChange() {
        assertThat(new HttpCheckFence(List.of(), false).refusal("https://shop.example.com/healthz"))
                .contains("refused", "'shop.example.com'", "day2.drill.http-check-hosts", "httpChecks are off");
    }

    @Test
    void metadataAndLinkLocalAddressesAreRefusedEvenWhenListed() {
        HttpCheckFence fence = new HttpCheckFence(List.of("169.254.169.254", "metadata.google.internal"), true);
        assertThat(fence.refusal("http://169.254.169.254/latest/meta-data/iam/"))
                .contains("refused", "link-local", "169.254.169.254");
        assertThat(fence.refusal("http://metadata.google.internal/computeMetadata/v1/"))
                .contains("refused", "cloud metadata service");
        assertThat(new HttpCheckFence(List.of("0.0.0.0"), true).refusal("http://0.0.0.0:8080/"))
                .contains("wildcard");
    }

    @Test
    void loopbackNeedsTheExplicitSwitch() {
        assertThat(new HttpCheckFence(List.of("127.0.0.1"), false).refusal("http://127.0.0.1:8080/"))
                .contains("loopback", "day2.drill.http-check-allow-loopback is off");
        assertThat(new HttpCheckFence(List.of("127.0.0.1"), true).refusal("http://127.0.0.1:8080/"))
                .isNull();
    }

    @Test
    void onlyHttpAndListedHostsOrTheirSubdomainsPass() {
        HttpCheckFence fence = new HttpCheckFence(List.of("*.internal.test", "127.0.0.1"), true);
        assertThat(fence.refusal("file:///etc/passwd")).contains("only http and https");
        assertThat(fence.refusal("http://evil.test/")).contains("not in day2.drill.http-check-hosts");
        assertThat(fence.refusal("http://shop.internal.test.evil.test/")).contains("not in");
        assertThat(fence.refusal("http://127.0.0.1:1/ok")).isNull();
    }
}

package io.day2ops.dr.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.day2ops.dr.domain.Drill;
import io.day2ops.dr.domain.DrillKind;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** Which probe failures count toward an automatic failover, and what a fence scales, without a cluster. */
class FailoverQuorumRulesTest {

    @Test
    void noAnswerNoConnectionAnd5xxCountAsDownWhile401And403AndOther4xxMeanTheApiServerIsUp() {
        assertThat(ProbeFailures.downReason(new KubernetesClientException("Unauthorized", 401, null)))
                .isNull();
        assertThat(ProbeFailures.downReason(new KubernetesClientException("Forbidden", 403, null)))
                .isNull();
        assertThat(ProbeFailures.downReason(new KubernetesClientException("Too many requests", 429, null)))
                .isNull();
        assertThat(ProbeFailures.downReason(new KubernetesClientException("ServiceUnavailable", 503, null)))
                .startsWith("answered 503");
        assertThat(ProbeFailures.downReason(new KubernetesClientException("Internal", 500, null)))
                .startsWith("answered 500");
        assertThat(ProbeFailures.downReason(new KubernetesClientException(
                        "An error has occurred.", new ConnectException("Connection refused"))))
                .contains("Connection refused");
        assertThat(ProbeFailures.downReason(new TimeoutException("no answer within 5000 ms")))
                .isEqualTo("no answer within 5000 ms");
        // wrapped, as the blocking call hands it over
        assertThat(ProbeFailures.downReason(
                        new RuntimeException(new KubernetesClientException("Unauthorized", 401, null))))
                .isNull();
    }

    @Test
    void aFenceNamesTheRestoredDeploymentsAndStatefulSetsAsTheSourceNamesThem() {
        Drill failover = new Drill();
        failover.kind = DrillKind.FAILOVER;
        failover.request = "{\"name\":\"f\",\"namespaceMapping\":{\"shop\":\"shop-dr\"}}";
        failover.restoredWorkloads =
                "[\"Deployment/shop-dr/web\",\"StatefulSet/shop-dr/db\",\"Service/shop-dr/web\",\"Deployment/other/api\"]";
        assertThat(Fences.sourceWorkloads(failover))
                .containsExactly("Deployment/shop/web", "StatefulSet/shop/db", "Deployment/other/api");
    }
}

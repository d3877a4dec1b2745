package io.day2ops.dr.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.day2ops.dr.domain.Drill;
import io.day2ops.dr.domain.DrillKind;
import io.day2ops.events.FailbackRequested;
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

    @Test
    void aFailbackRestoresExactlyTheNamespacesItsFailoverTookAndOnlyAfterOneThatSucceeded() {
        Drill failover = new Drill();
        failover.name = "fo-1";
        failover.kind = DrillKind.FAILOVER;
        failover.cluster = "primary";
        failover.targetCluster = "standby";
        failover.passed = true;
        failover.request = "{\"name\":\"fo-1\",\"namespaceMapping\":{\"shop\":\"shop-dr\"}}";
        failover.restoredWorkloads = "[\"Deployment/shop-dr/web\",\"Service/shop-dr/web\",\"Deployment/api/api\"]";
        assertThat(Fences.failbackMapping(failover)).containsExactly(entry("api", "api"), entry("shop-dr", "shop"));

        FailbackRequested asked = new FailbackRequested("fb-1", "standby", "fo-1", null, null);
        assertThat(Failovers.failbackRefusal(asked, failover)).isNull();
        assertThat(Failovers.failbackRefusal(asked, null)).isEqualTo("Rejected: failover 'fo-1' does not exist");
        assertThat(Failovers.failbackRefusal(new FailbackRequested("fb-1", "elsewhere", "fo-1", null, null), failover))
                .isEqualTo("Rejected: failover 'fo-1' went to cluster 'standby', not 'elsewhere'");
        failover.passed = false;
        failover.failureReason = "verify: Deployment/shop-dr/web never rolled out";
        assertThat(Failovers.failbackRefusal(asked, failover))
                .isEqualTo("Rejected: failover 'fo-1' did not succeed (verify: Deployment/shop-dr/web never rolled"
                        + " out); there is nothing to fail back");
        failover.passed = null;
        assertThat(Failovers.failbackRefusal(asked, failover)).contains("it is still running");
        failover.passed = true;
        failover.failbackOf = "fo-0";
        assertThat(Failovers.failbackRefusal(asked, failover)).contains("is itself a failback (of fo-0)");
    }
}

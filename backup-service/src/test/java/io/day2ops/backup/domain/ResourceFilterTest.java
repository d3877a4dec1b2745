package io.day2ops.backup.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.day2ops.events.LabelSelector;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResourceFilterTest {

    private static final ApiResource DEPLOYMENTS =
            new ApiResource("apps", "v1", "deployments", "Deployment", true, List.of("deploy"), List.of("get", "list"));
    private static final ApiResource PODS =
            new ApiResource("", "v1", "pods", "Pod", true, List.of("po"), List.of("get", "list"));
    private static final ApiResource EVENTS =
            new ApiResource("", "v1", "events", "Event", true, List.of("ev"), List.of("get", "list"));

    @Test
    void resourcesMatchByPluralGroupQualifiedNameKindOrShortNameAndExcludesWin() {
        for (String name : List.of("deployments", "deployments.apps", "deploy", "Deployment", "deployment.apps")) {
            assertThat(new ResourceFilter(null, null, List.of(name), null).includesResource(DEPLOYMENTS))
                    .as(name)
                    .isTrue();
        }
        ResourceFilter all = new ResourceFilter(null, null, List.of("*"), List.of("po"));
        assertThat(all.includesResource(DEPLOYMENTS)).isTrue();
        assertThat(all.includesResource(PODS)).isFalse();
        assertThat(ResourceFilter.neverBackedUp(EVENTS)).isTrue();
        assertThat(ResourceFilter.neverBackedUp(PODS)).isFalse();
    }

    @Test
    void namespacesTakeWildcardsAndExcludesApplyAfterIncludes() {
        ResourceFilter filter = new ResourceFilter(List.of("team-*", "default"), List.of("team-b"), null, null);
        assertThat(filter.includesNamespace("team-a")).isTrue();
        assertThat(filter.includesNamespace("team-b")).isFalse();
        assertThat(filter.includesNamespace("default")).isTrue();
        assertThat(filter.includesNamespace("kube-system")).isFalse();
        assertThat(filter.explicitNamespaces()).isNull();
        assertThat(new ResourceFilter(List.of("a", "b"), List.of("b"), null, null).explicitNamespaces())
                .containsExactly("a");
        assertThat(new ResourceFilter(List.of(), List.of("kube-system"), null, null).includesNamespace("x"))
                .isTrue();
    }

    @Test
    void labelSelectorsMatchLabelsAndExpressionsAndRejectUnknownOperators() {
        LabelSelector selector = new LabelSelector(
                Map.of("app", "web"),
                List.of(
                        new LabelSelector.Requirement("tier", "In", List.of("front", "edge")),
                        new LabelSelector.Requirement("legacy", "DoesNotExist", null)));
        assertThat(LabelSelectors.matches(selector, Map.of("app", "web", "tier", "edge")))
                .isTrue();
        assertThat(LabelSelectors.matches(selector, Map.of("app", "web", "tier", "db")))
                .isFalse();
        assertThat(LabelSelectors.matches(selector, Map.of("app", "web", "tier", "edge", "legacy", "1")))
                .isFalse();
        assertThat(LabelSelectors.serverQuery(selector)).isEqualTo("app=web");
        assertThatThrownBy(() -> LabelSelectors.matches(
                        new LabelSelector(null, List.of(new LabelSelector.Requirement("a", "Like", null))), Map.of()))
                .hasMessageContaining("unknown operator 'Like'");
    }

    @Test
    void sealedSecretsOpenOnlyWithTheSameKeyAndPath() {
        SecretSealer sealer = SecretSealer.fromBase64("MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=", "key");
        byte[] sealed = sealer.seal("{\"a\":1}".getBytes(), "p/1");
        assertThat(new String(sealer.open(sealed, "p/1"))).isEqualTo("{\"a\":1}");
        assertThatThrownBy(() -> sealer.open(sealed, "p/2")).hasMessageContaining("cannot be decrypted");
        sealed[20] ^= 1;
        assertThatThrownBy(() -> sealer.open(sealed, "p/1")).hasMessageContaining("altered");
        assertThatThrownBy(() -> SecretSealer.fromBase64("c2hvcnQ=", "day2.backup.encryption-key"))
                .hasMessageContaining("day2.backup.encryption-key must be 32 bytes");
    }
}

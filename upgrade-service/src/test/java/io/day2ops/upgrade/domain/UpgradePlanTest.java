package io.day2ops.upgrade.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.day2ops.events.ResourceRef;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The planner over the shipped deprecated-API data: one hop per minor, each with what it removes and who uses it. */
class UpgradePlanTest {

    private static final DeprecatedApis DATA = DeprecatedApis.load();

    @Test
    void from128To132IsFourHopsWithTheRemovalsOfEach() {
        List<ApiUse> uses = List.of(
                new ApiUse(
                        "flowcontrol.apiserver.k8s.io/v1beta2",
                        "FlowSchema",
                        new ResourceRef("flowcontrol.apiserver.k8s.io/v1beta2", "FlowSchema", null, "probes"),
                        "last-applied-configuration"),
                new ApiUse(
                        "flowcontrol.apiserver.k8s.io/v1beta3",
                        "PriorityLevelConfiguration",
                        new ResourceRef(
                                "flowcontrol.apiserver.k8s.io/v1beta3", "PriorityLevelConfiguration", null, "batch"),
                        "served"));

        UpgradePlan plan =
                UpgradePlan.of(KubernetesVersion.parse("v1.28.9"), KubernetesVersion.parse("1.32"), DATA, uses);

        assertThat(plan.hops())
                .extracting(h -> h.from() + "->" + h.to())
                .containsExactly("1.28->1.29", "1.29->1.30", "1.30->1.31", "1.31->1.32");
        UpgradePlan.Hop first = plan.hops().get(0);
        assertThat(first.removals())
                .extracting(r -> r.kind() + " " + r.apiVersion())
                .containsExactlyInAnyOrder(
                        "FlowSchema flowcontrol.apiserver.k8s.io/v1beta2",
                        "PriorityLevelConfiguration flowcontrol.apiserver.k8s.io/v1beta2");
        assertThat(first.removals())
                .filteredOn(r -> r.kind().equals("FlowSchema"))
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.usedBy()).containsExactly("FlowSchema probes (last-applied-configuration)");
                    assertThat(r.replacement()).isEqualTo("flowcontrol.apiserver.k8s.io/v1");
                });
        assertThat(first.blocked()).isTrue();
        assertThat(plan.hops().get(1).removals()).isEmpty();
        assertThat(plan.hops().get(2).removals()).isEmpty();
        UpgradePlan.Hop last = plan.hops().get(3);
        assertThat(last.removals())
                .extracting(r -> r.kind() + " " + r.apiVersion())
                .containsExactlyInAnyOrder(
                        "FlowSchema flowcontrol.apiserver.k8s.io/v1beta3",
                        "PriorityLevelConfiguration flowcontrol.apiserver.k8s.io/v1beta3");
        assertThat(last.blocked()).isTrue();
        assertThat(plan.note()).isNull();
    }

    @Test
    void aTargetNotAheadHasNoHopsAndAMajorChangeOrUnknownReleasesAreSaid() {
        assertThat(UpgradePlan.of(KubernetesVersion.parse("1.31"), KubernetesVersion.parse("1.31"), DATA, List.of())
                        .hops())
                .isEmpty();
        assertThat(UpgradePlan.of(KubernetesVersion.parse("1.31"), KubernetesVersion.parse("2.0"), DATA, List.of())
                        .note())
                .contains("not an in-place upgrade");
        UpgradePlan beyond =
                UpgradePlan.of(KubernetesVersion.parse("1.34"), KubernetesVersion.parse("1.36"), DATA, List.of());
        assertThat(beyond.hops()).hasSize(2);
        assertThat(beyond.note()).isEqualTo("removals after 1.34 are not in the shipped data yet");
    }
}

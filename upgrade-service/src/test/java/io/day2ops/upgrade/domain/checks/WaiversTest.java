package io.day2ops.upgrade.domain.checks;

import static org.assertj.core.api.Assertions.assertThat;

import io.day2ops.events.GateCheckResult;
import io.day2ops.events.GateCheckResult.Verdict;
import io.day2ops.events.GateWaiver;
import io.day2ops.events.ResourceRef;
import io.day2ops.upgrade.domain.ClusterState;
import io.day2ops.upgrade.domain.GateReport;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Waived failures stay in the report as WAIVED with who waived them and why, and no longer stop the gate. */
class WaiversTest {

    private static final GateCheckResult BATCH_PDB = new GateCheckResult(
            "pdb-missing",
            Verdict.FAIL,
            new ResourceRef("apps/v1", "Deployment", "batch", "nightly-report"),
            "Deployment batch/nightly-report has no PodDisruptionBudget",
            "add one");
    private static final GateCheckResult STALE = new GateCheckResult(
            "backup-fresh", Verdict.FAIL, null, "the newest Completed backup is 3 days old", "back up first");

    @Test
    void anAnnotatedObjectWaivesItsOwnFindingWithItsReason() {
        ClusterState state = state(deployment(Map.of(
                Waivers.ANNOTATION, "pdb-missing, readiness-probe-missing",
                Waivers.REASON, "a batch job: an hour of downtime is fine")));

        List<GateCheckResult> out = Waivers.apply(List.of(BATCH_PDB, STALE), List.of(), state);

        assertThat(out.get(0).verdict()).isEqualTo(Verdict.WAIVED);
        assertThat(out.get(0).message())
                .isEqualTo("Deployment batch/nightly-report has no PodDisruptionBudget — waived by day2ops.io/waive on"
                        + " Deployment/batch/nightly-report: a batch job: an hour of downtime is fine");
        assertThat(out.get(1).verdict()).as("not waived").isEqualTo(Verdict.FAIL);
        GateReport report = new GateReport();
        out.forEach(report::add);
        assertThat(report.passed()).isFalse();
        assertThat(report.failures()).containsExactly(STALE);
    }

    @Test
    void anAnnotationWithoutAReasonWaivesNothingAndSaysSo() {
        ClusterState state = state(deployment(Map.of(Waivers.ANNOTATION, "pdb-missing")));

        GateCheckResult out =
                Waivers.apply(List.of(BATCH_PDB), List.of(), state).get(0);

        assertThat(out.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(out.message()).endsWith("(its day2ops.io/waive is ignored: it has no day2ops.io/waive-reason)");
    }

    @Test
    void aRequestWaivesACheckEverywhereOrOneObjectAndAWaivedReportPasses() {
        List<GateWaiver> waivers = List.of(
                new GateWaiver("backup-fresh", null, "the upgrade takes its own pre-upgrade backup"),
                new GateWaiver("pdb-missing", "Deployment/batch/other", "not this one"));

        List<GateCheckResult> out = Waivers.apply(List.of(BATCH_PDB, STALE), waivers, state(deployment(Map.of())));

        assertThat(out).extracting(GateCheckResult::verdict).containsExactly(Verdict.FAIL, Verdict.WAIVED);
        assertThat(out.get(1).message())
                .endsWith("— waived by the request: the upgrade takes its own pre-upgrade backup");

        List<GateCheckResult> both = Waivers.apply(
                List.of(BATCH_PDB, STALE),
                List.of(waivers.get(0), new GateWaiver("pdb-missing", "Deployment/batch/nightly-report", "batch")),
                state(deployment(Map.of())));
        GateReport report = new GateReport();
        both.forEach(report::add);
        assertThat(report.passed()).as("every failure waived").isTrue();
        assertThat(report.checks()).hasSize(2);
    }

    private static Deployment deployment(Map<String, String> annotations) {
        return new DeploymentBuilder()
                .withNewMetadata()
                .withNamespace("batch")
                .withName("nightly-report")
                .withAnnotations(annotations)
                .endMetadata()
                .build();
    }

    private static ClusterState state(Deployment deployment) {
        return new ClusterState(
                "v1.30.4",
                List.of(),
                List.of(),
                List.of(deployment),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                "");
    }
}

package io.day2ops.upgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.day2ops.events.GateCheckResult;
import io.day2ops.events.GateCheckResult.Verdict;
import io.day2ops.upgrade.domain.checks.VersionStepCheck;
import org.junit.jupiter.api.Test;

class VersionStepCheckTest {

    @Test
    void oneMinorStepPasses() {
        assertThat(VersionStepCheck.evaluate("v1.30.4", "1.31").verdict()).isEqualTo(Verdict.PASS);
        assertThat(VersionStepCheck.evaluate("v1.29.3-eks-adc7111", "v1.30.0").verdict())
                .isEqualTo(Verdict.PASS);
    }

    @Test
    void aPatchUpgradeWithinTheMinorPasses() {
        assertThat(VersionStepCheck.evaluate("v1.31.1", "1.31.4").verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void skippingAMinorFailsNamingTheNextStep() {
        GateCheckResult result = VersionStepCheck.evaluate("v1.30.4", "1.32");

        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.message()).contains("skips 1 minor");
        assertThat(result.remediation()).contains("first to 1.31");
    }

    @Test
    void aDowngradeFails() {
        assertThat(VersionStepCheck.evaluate("v1.31.0", "1.30").verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void garbageVersionsAreNamed() {
        assertThatThrownBy(() -> VersionStepCheck.evaluate("v1.31.0", "latest"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'latest'");
    }
}

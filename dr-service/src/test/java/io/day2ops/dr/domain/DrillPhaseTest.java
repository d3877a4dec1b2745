package io.day2ops.dr.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DrillPhaseTest {

    @Test
    void aDrillMovesForwardThroughItsStagesOrEndsFromAnyOfThem() {
        assertThat(DrillPhase.New.canMoveTo(DrillPhase.Draining)).isTrue();
        assertThat(DrillPhase.New.canMoveTo(DrillPhase.Restoring)).isTrue();
        assertThat(DrillPhase.Draining.canMoveTo(DrillPhase.Restoring)).isTrue();
        assertThat(DrillPhase.Restoring.canMoveTo(DrillPhase.Verifying)).isTrue();
        for (DrillPhase phase : DrillPhase.values()) {
            assertThat(phase.canMoveTo(DrillPhase.Completed)).isEqualTo(phase != DrillPhase.Completed);
        }
    }

    @Test
    void aDrillNeverSkipsTheRestoreNorGoesBack() {
        assertThat(DrillPhase.New.canMoveTo(DrillPhase.Verifying)).isFalse();
        assertThat(DrillPhase.Draining.canMoveTo(DrillPhase.Verifying)).isFalse();
        assertThat(DrillPhase.Verifying.canMoveTo(DrillPhase.Restoring)).isFalse();
        assertThat(DrillPhase.Restoring.canMoveTo(DrillPhase.Draining)).isFalse();
        for (DrillPhase phase : DrillPhase.values()) {
            assertThat(DrillPhase.Completed.canMoveTo(phase)).isFalse();
        }
    }

    @Test
    void onlyTheStagesWaitingOnAnotherServiceHaveADeadlineToWatch() {
        assertThat(DrillPhase.values())
                .filteredOn(DrillPhase::waitsForAnswer)
                .containsExactly(DrillPhase.Draining, DrillPhase.Restoring);
    }

    @Test
    void anIllegalMoveFailsNamingTheDrillAndBothPhases() {
        Drill drill = new Drill();
        drill.name = "weekly";
        drill.kind = DrillKind.DRILL;
        drill.phase = DrillPhase.Completed;

        assertThatThrownBy(() -> drill.moveTo(DrillPhase.Verifying))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("drill weekly cannot move from Completed to Verifying");
    }

    @Test
    void theKindIsStoredAsTheWordTheColumnHasAlwaysHeld() {
        DrillKindColumn column = new DrillKindColumn();
        assertThat(column.convertToDatabaseColumn(DrillKind.FAILOVER)).isEqualTo("failover");
        assertThat(column.convertToEntityAttribute("drill")).isEqualTo(DrillKind.DRILL);
        assertThatThrownBy(() -> column.convertToEntityAttribute("rehearsal"))
                .hasMessage("unknown drill kind 'rehearsal'");
    }
}

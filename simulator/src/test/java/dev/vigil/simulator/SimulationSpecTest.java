package dev.vigil.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SimulationSpecTest {

    private static final Instant START = Instant.parse("2025-03-03T00:00:00Z");
    private static final Instant END = START.plus(Duration.ofDays(14));

    @Test
    void defaultsAttackEveryKindFiveTimesAnywhereInTheRun() {
        SimulationSpec spec = SimulationSpec.defaults(200, START, END, 9);

        assertThat(spec.attacksFrom()).isEqualTo(START);
        assertThat(spec.attacksTo()).isEqualTo(END);
        assertThat(spec.attacksPerKind()).isEqualTo(5);
        assertThat(spec.attackKinds()).isEqualTo(FleetSimulator.attackKinds());
        assertThat(spec.seed()).isEqualTo(9);
    }

    @Test
    void builderChangesOnlyWhatIsSet() {
        SimulationSpec spec = SimulationSpec.builder(10, START, END).seed(4).attacksPerKind(2)
                .attacksBetween(START.plus(Duration.ofDays(1)), END).attackKinds(Set.of("unknown_agent")).build();

        assertThat(spec).isEqualTo(new SimulationSpec(10, START, END, 4, START.plus(Duration.ofDays(1)), END, 2,
                Set.of("unknown_agent")));
    }

    @Test
    void keepsAttackKindsSortedWhateverTheSetGiven() {
        SimulationSpec spec = SimulationSpec.builder(1, START, END)
                .attackKinds(Set.of("velocity_spike", "scope_escalation", "unknown_agent")).build();

        assertThat(spec.attackKinds()).containsExactly("scope_escalation", "unknown_agent", "velocity_spike");
    }

    @Test
    void rejectsAnUnknownAttackKindNamingTheKnownOnes() {
        assertThatThrownBy(() -> SimulationSpec.builder(1, START, END).attackKinds(Set.of("teleportation")).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("teleportation").hasMessageContaining(String.join(", ", FleetSimulator.attackKinds()));
    }

    @Test
    void rejectsAnEmptyFleet() {
        assertThatThrownBy(() -> SimulationSpec.defaults(0, START, END, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("agents");
    }

    @Test
    void rejectsARunThatEndsBeforeItStarts() {
        assertThatThrownBy(() -> SimulationSpec.defaults(1, END, START, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be before end");
        assertThatThrownBy(() -> SimulationSpec.defaults(1, START, START, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsAnAttackRangeOutsideTheRun() {
        assertThatThrownBy(() -> SimulationSpec.builder(1, START, END).attacksBetween(START.minusSeconds(1), END).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("attack range");
        assertThatThrownBy(() -> SimulationSpec.builder(1, START, END).attacksBetween(START, END.plusSeconds(1)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("attack range");
        assertThatThrownBy(() -> SimulationSpec.builder(1, START, END).attacksBetween(END, START).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("attack range");
    }

    @Test
    void rejectsANegativeNumberOfAttacks() {
        assertThatThrownBy(() -> SimulationSpec.builder(1, START, END).attacksPerKind(-1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("attacksPerKind");
    }

    @Test
    void rejectsMissingTimes() {
        assertThatThrownBy(() -> SimulationSpec.defaults(1, null, END, 1)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("start");
    }
}

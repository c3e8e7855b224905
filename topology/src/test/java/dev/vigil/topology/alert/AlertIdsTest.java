package dev.vigil.topology.alert;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AlertIdsTest {

    @Test
    void isTheFirst32HexCharactersOfSha256OverTheZeroSeparatedParts() {
        // printf 'a\0velocity_spike\0e-1' | sha256sum | cut -c1-32
        assertThat(AlertIds.of("a", "velocity_spike", "e-1")).isEqualTo("5403b18d054f3645de69920f575bb116");
    }

    @Test
    void dependsOnlyOnItsInputs() {
        assertThat(AlertIds.of("agent", "rule", "e")).isEqualTo(AlertIds.of("agent", "rule", "e")).matches("[0-9a-f]{32}");
    }

    @Test
    void keepsThePartsApart() {
        assertThat(AlertIds.of("ab", "c", "e")).isNotEqualTo(AlertIds.of("a", "bc", "e"));
        assertThat(AlertIds.of("a", "rule", "e1")).isNotEqualTo(AlertIds.of("a", "rule", "e2"));
    }
}

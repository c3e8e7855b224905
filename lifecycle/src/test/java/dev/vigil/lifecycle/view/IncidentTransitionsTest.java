package dev.vigil.lifecycle.view;

import static dev.vigil.lifecycle.view.IncidentStatus.CLOSED;
import static dev.vigil.lifecycle.view.IncidentStatus.CONTAINED;
import static dev.vigil.lifecycle.view.IncidentStatus.INVESTIGATING;
import static dev.vigil.lifecycle.view.IncidentStatus.OPEN;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Every (from, to) pair of the incident lifecycle, and the note alone. */
class IncidentTransitionsTest {

    /** from, to, allowed. */
    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of(OPEN, OPEN, false),
                Arguments.of(OPEN, INVESTIGATING, true),
                Arguments.of(OPEN, CONTAINED, true),
                Arguments.of(OPEN, CLOSED, true),
                Arguments.of(INVESTIGATING, OPEN, false),
                Arguments.of(INVESTIGATING, INVESTIGATING, false),
                Arguments.of(INVESTIGATING, CONTAINED, true),
                Arguments.of(INVESTIGATING, CLOSED, true),
                Arguments.of(CONTAINED, OPEN, false),
                Arguments.of(CONTAINED, INVESTIGATING, false),
                Arguments.of(CONTAINED, CONTAINED, false),
                Arguments.of(CONTAINED, CLOSED, true),
                Arguments.of(CLOSED, OPEN, false),
                Arguments.of(CLOSED, INVESTIGATING, false),
                Arguments.of(CLOSED, CONTAINED, false),
                Arguments.of(CLOSED, CLOSED, false));
    }

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @MethodSource("table")
    void movesForwardOnlyAndNeverOutOfClosed(IncidentStatus from, IncidentStatus to, boolean allowed) {
        assertThat(IncidentTransitions.allows(from, to)).isEqualTo(allowed);
        assertThat(IncidentTransitions.refusal(from, to).isEmpty()).isEqualTo(allowed);
    }

    @ParameterizedTest
    @EnumSource(IncidentStatus.class)
    void aNoteAloneIsAllowedInEveryStatus(IncidentStatus from) {
        assertThat(IncidentTransitions.refusal(from, null)).isEmpty();
    }

    static Stream<Arguments> refused() {
        return table().filter(row -> !(Boolean) row.get()[2]);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("refused")
    void eachRefusalSaysWhy(IncidentStatus from, IncidentStatus to, boolean allowed) {
        String reason = IncidentTransitions.refusal(from, to).orElseThrow();
        if (from == CLOSED) {
            assertThat(reason).contains("closed").contains("does not move again");
        } else if (from == to) {
            assertThat(reason).isEqualTo("the incident is already " + from.wireName());
        } else {
            assertThat(reason).contains("cannot move an incident back from " + from.wireName() + " to "
                    + to.wireName()).contains("forward only");
        }
    }
}

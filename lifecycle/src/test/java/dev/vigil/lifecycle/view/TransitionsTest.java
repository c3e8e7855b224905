package dev.vigil.lifecycle.view;

import static dev.vigil.lifecycle.view.AlertStatus.ACKNOWLEDGED;
import static dev.vigil.lifecycle.view.AlertStatus.OPEN;
import static dev.vigil.lifecycle.view.AlertStatus.RESOLVED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.LifecycleAction;
import java.util.EnumSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class TransitionsTest {

    static Stream<Arguments> legalMoves() {
        return Stream.of(
                Arguments.of(OPEN, LifecycleAction.ACKNOWLEDGE, ACKNOWLEDGED),
                Arguments.of(OPEN, LifecycleAction.RESOLVE, RESOLVED),
                Arguments.of(ACKNOWLEDGED, LifecycleAction.RESOLVE, RESOLVED));
    }

    static Stream<Arguments> illegalMoves() {
        return Stream.of(
                Arguments.of(ACKNOWLEDGED, LifecycleAction.ACKNOWLEDGE, "cannot acknowledge an alert that is already acknowledged"),
                Arguments.of(RESOLVED, LifecycleAction.ACKNOWLEDGE, "cannot acknowledge an alert that is already resolved"),
                Arguments.of(RESOLVED, LifecycleAction.RESOLVE, "cannot resolve an alert that is already resolved"));
    }

    @ParameterizedTest(name = "{0} + {1} -> {2}")
    @MethodSource("legalMoves")
    void allowsTheLifecycleMoves(AlertStatus from, LifecycleAction action, AlertStatus to) {
        assertThat(Transitions.next(from, action)).contains(to);
    }

    @ParameterizedTest(name = "{0} + {1} refused")
    @MethodSource("illegalMoves")
    void refusesEveryOtherAcknowledgeOrResolveWithAReason(AlertStatus from, LifecycleAction action, String reason) {
        assertThat(Transitions.next(from, action)).isEmpty();
        assertThat(Transitions.refusal(from, action)).isEqualTo(reason);
    }

    @ParameterizedTest
    @EnumSource(value = LifecycleAction.class, names = {"ACKNOWLEDGE", "RESOLVE"}, mode = EnumSource.Mode.EXCLUDE)
    void otherActionsMoveNoAlertInThisSlice(LifecycleAction action) {
        for (AlertStatus from : EnumSet.allOf(AlertStatus.class)) {
            assertThat(Transitions.next(from, action)).as("%s from %s", action, from).isEmpty();
        }
        assertThat(Transitions.refusal(OPEN, action)).contains("does not apply");
    }

    @ParameterizedTest
    @EnumSource(AlertStatus.class)
    void everyStatusHasALowerCaseWireNameThatReadsBack(AlertStatus status) {
        assertThat(status.wireName()).isEqualTo(status.name().toLowerCase());
        assertThat(AlertStatus.fromWireName(status.wireName())).contains(status);
        assertThat(AlertStatus.fromWireName(status.name())).isEmpty();
    }
}

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

    /** The whole table: every alert action from every status, to a status or refused with the reason. */
    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of(LifecycleAction.ACKNOWLEDGE, OPEN, ACKNOWLEDGED, null),
                Arguments.of(LifecycleAction.ACKNOWLEDGE, ACKNOWLEDGED, null, "cannot acknowledge an alert that is already acknowledged"),
                Arguments.of(LifecycleAction.ACKNOWLEDGE, RESOLVED, null, "cannot acknowledge an alert that is already resolved"),
                Arguments.of(LifecycleAction.RESOLVE, OPEN, RESOLVED, null),
                Arguments.of(LifecycleAction.RESOLVE, ACKNOWLEDGED, RESOLVED, null),
                Arguments.of(LifecycleAction.RESOLVE, RESOLVED, null, "cannot resolve an alert that is already resolved"),
                Arguments.of(LifecycleAction.REOPEN, OPEN, null, "cannot reopen an alert that is already open"),
                Arguments.of(LifecycleAction.REOPEN, ACKNOWLEDGED, OPEN, null),
                Arguments.of(LifecycleAction.REOPEN, RESOLVED, OPEN, null),
                Arguments.of(LifecycleAction.COMMENT, OPEN, OPEN, null),
                Arguments.of(LifecycleAction.COMMENT, ACKNOWLEDGED, ACKNOWLEDGED, null),
                Arguments.of(LifecycleAction.COMMENT, RESOLVED, RESOLVED, null),
                Arguments.of(LifecycleAction.ASSIGN, OPEN, OPEN, null),
                Arguments.of(LifecycleAction.ASSIGN, ACKNOWLEDGED, ACKNOWLEDGED, null),
                Arguments.of(LifecycleAction.ASSIGN, RESOLVED, RESOLVED, null));
    }

    @ParameterizedTest(name = "{0} from {1} -> {2} {3}")
    @MethodSource("table")
    void followsTheTable(LifecycleAction action, AlertStatus from, AlertStatus to, String refusal) {
        assertThat(Transitions.isAlertAction(action)).isTrue();
        if (to != null) {
            assertThat(Transitions.next(from, action)).contains(to);
        } else {
            assertThat(Transitions.next(from, action)).isEmpty();
            assertThat(Transitions.refusal(from, action)).isEqualTo(refusal);
        }
    }

    @ParameterizedTest
    @EnumSource(value = LifecycleAction.class, names = {"ACKNOWLEDGE", "RESOLVE", "REOPEN", "COMMENT", "ASSIGN"},
            mode = EnumSource.Mode.EXCLUDE)
    void actionsAboutAgentsOrIncidentsMoveNoAlert(LifecycleAction action) {
        assertThat(Transitions.isAlertAction(action)).isFalse();
        for (AlertStatus from : EnumSet.allOf(AlertStatus.class)) {
            assertThat(Transitions.next(from, action)).as("%s from %s", action, from).isEmpty();
        }
        assertThat(Transitions.refusal(OPEN, action)).contains("does not apply").contains("not about one alert");
    }

    @ParameterizedTest
    @EnumSource(AlertStatus.class)
    void everyStatusHasALowerCaseWireNameThatReadsBack(AlertStatus status) {
        assertThat(status.wireName()).isEqualTo(status.name().toLowerCase());
        assertThat(AlertStatus.fromWireName(status.wireName())).contains(status);
        assertThat(AlertStatus.fromWireName(status.name())).isEmpty();
    }
}

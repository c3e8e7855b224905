package dev.vigil.lifecycle.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.avro.Alert;
import dev.vigil.avro.AlertLifecycleEvent;
import dev.vigil.avro.LifecycleAction;
import dev.vigil.avro.Resolution;
import dev.vigil.lifecycle.Fixtures;
import dev.vigil.lifecycle.InMemoryViews;
import dev.vigil.lifecycle.RecordingWriter;
import dev.vigil.lifecycle.view.AlertStatus;
import dev.vigil.lifecycle.view.ViewUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AlertCommandsTest {

    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00.123Z");

    private final Alert alert = Fixtures.alert("a-1");
    private final InMemoryViews views = new InMemoryViews().add(alert);
    private final RecordingWriter writer = new RecordingWriter(views);
    private final AlertCommands commands = new AlertCommands(views, writer, Clock.fixed(NOW, ZoneOffset.UTC),
            Duration.ofMillis(200));

    @Test
    void acknowledgeWritesOneEventWithTheAlertsIdentityAndTheActor() {
        CommandResult result = commands.execute(AlertCommand.acknowledge("a-1", "alice", "on it"));

        assertThat(writer.written()).hasSize(1);
        AlertLifecycleEvent event = writer.written().get(0);
        assertThat(UUID.fromString(event.getEventId())).isNotNull();
        assertThat(event.getEventId()).isEqualTo(result.eventId());
        assertThat(event.getAction()).isEqualTo(LifecycleAction.ACKNOWLEDGE);
        assertThat(event.getAlertId()).isEqualTo("a-1");
        assertThat(event.getTenantId()).isEqualTo(alert.getTenantId());
        assertThat(event.getAgentId()).isEqualTo(alert.getAgentId());
        assertThat(event.getRuleId()).isEqualTo(alert.getRuleId());
        assertThat(event.getActor()).isEqualTo("alice");
        assertThat(event.getNote()).isEqualTo("on it");
        assertThat(event.getResolution()).isNull();
        assertThat(event.getOccurredAt()).isEqualTo(NOW);
    }

    @Test
    void aCommandAnswersWithTheViewThatShowsItsOwnEvent() {
        CommandResult result = commands.execute(AlertCommand.acknowledge("a-1", "alice", null));

        assertThat(result).isInstanceOf(CommandResult.Applied.class);
        CommandResult.Applied applied = (CommandResult.Applied) result;
        assertThat(applied.view().status()).isEqualTo(AlertStatus.ACKNOWLEDGED);
        assertThat(applied.view().hasApplied(result.eventId())).isTrue();
    }

    @Test
    void resolveCarriesTheResolution() {
        CommandResult result = commands.execute(AlertCommand.resolve("a-1", "bob", "noise", Resolution.false_positive));

        assertThat(writer.written().get(0).getResolution()).isEqualTo(Resolution.false_positive);
        assertThat(((CommandResult.Applied) result).view().status()).isEqualTo(AlertStatus.RESOLVED);
    }

    @Test
    void anIllegalMoveIsRefusedWithTheCurrentStatusAndWritesNothing() {
        commands.execute(AlertCommand.resolve("a-1", "bob", null, null));

        assertThatThrownBy(() -> commands.execute(AlertCommand.acknowledge("a-1", "alice", null)))
                .isInstanceOfSatisfying(IllegalTransitionException.class,
                        e -> assertThat(e.current()).isEqualTo(AlertStatus.RESOLVED))
                .hasMessage("cannot acknowledge an alert that is already resolved");
        assertThat(writer.written()).hasSize(1);
    }

    @Test
    void anUnknownAlertIsNotFoundAndWritesNothing() {
        assertThatThrownBy(() -> commands.execute(AlertCommand.acknowledge("nope", "alice", null)))
                .isInstanceOfSatisfying(AlertNotFoundException.class, e -> assertThat(e.alertId()).isEqualTo("nope"));
        assertThat(writer.written()).isEmpty();
    }

    @Test
    void aWrittenEventTheViewDoesNotShowInTimeIsPending() {
        writer.viewLags();

        CommandResult result = commands.execute(AlertCommand.acknowledge("a-1", "alice", null));

        assertThat(result).isInstanceOf(CommandResult.Pending.class);
        assertThat(result.eventId()).isEqualTo(writer.written().get(0).getEventId());
    }

    @Test
    void aFailedWriteIsReportedAsSuch() {
        writer.kafkaFails();

        assertThatThrownBy(() -> commands.execute(AlertCommand.acknowledge("a-1", "alice", null)))
                .isInstanceOf(WriteFailedException.class);
    }

    @Test
    void anUnavailableViewIsReportedBeforeAnythingIsWritten() {
        views.failWith(InMemoryViews.unavailable());

        assertThatThrownBy(() -> commands.execute(AlertCommand.acknowledge("a-1", "alice", null)))
                .isInstanceOf(ViewUnavailableException.class);
        assertThat(writer.written()).isEmpty();
    }

    @Test
    void aResolutionBelongsToResolveOnly() {
        assertThatThrownBy(() -> new AlertCommand(LifecycleAction.ACKNOWLEDGE, "a-1", "alice", null, Resolution.benign, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AlertCommand(LifecycleAction.HALT, "a-1", "alice", null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }
    @Test
    void reopenCommentAndAssignWriteTheirEventsThroughTheSamePath() {
        commands.execute(AlertCommand.resolve("a-1", "bob", null, Resolution.true_positive));

        CommandResult reopened = commands.execute(AlertCommand.reopen("a-1", "carol", "back again"));
        commands.execute(AlertCommand.comment("a-1", "carol", "same agent as last week"));
        CommandResult assigned = commands.execute(AlertCommand.assign("a-1", "lead", "dave", null));

        assertThat(writer.written()).extracting(AlertLifecycleEvent::getAction).containsExactly(LifecycleAction.RESOLVE,
                LifecycleAction.REOPEN, LifecycleAction.COMMENT, LifecycleAction.ASSIGN);
        assertThat(((CommandResult.Applied) reopened).view().status()).isEqualTo(AlertStatus.OPEN);
        assertThat(writer.written().get(3).getAssignee()).isEqualTo("dave");
        assertThat(writer.written().get(2).getNote()).isEqualTo("same agent as last week");
        assertThat(((CommandResult.Applied) assigned).view().assignee()).isEqualTo("dave");
    }

    @Test
    void reopeningAnOpenAlertIsRefusedAndWritesNothing() {
        assertThatThrownBy(() -> commands.execute(AlertCommand.reopen("a-1", "carol", null)))
                .isInstanceOfSatisfying(IllegalTransitionException.class,
                        e -> assertThat(e.current()).isEqualTo(AlertStatus.OPEN))
                .hasMessage("cannot reopen an alert that is already open");
        assertThat(writer.written()).isEmpty();
    }

    @Test
    void aCommentNeedsANoteAndOnlyAnAssignCarriesAnAssignee() {
        assertThatThrownBy(() -> AlertCommand.comment("a-1", "carol", " ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AlertCommand(LifecycleAction.ASSIGN, "a-1", "x", null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AlertCommand(LifecycleAction.COMMENT, "a-1", "x", "n", null, "dave"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

package dev.vigil.lifecycle.view;

import static dev.vigil.lifecycle.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.Alert;
import dev.vigil.avro.AlertLifecycleEvent;
import dev.vigil.avro.LifecycleAction;
import dev.vigil.avro.Resolution;
import dev.vigil.lifecycle.Fixtures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertViewTest {

    private final Alert alert = Fixtures.alert("a-1");
    private final Instant later = T0.plusSeconds(60);

    @Test
    void aNewAlertIsOpenWithoutHistory() {
        AlertView view = AlertView.open(alert, T0);

        assertThat(view.status()).isEqualTo(AlertStatus.OPEN);
        assertThat(view.history()).isEmpty();
        assertThat(view.alertId()).isEqualTo("a-1");
        assertThat(view.updatedAt()).isEqualTo(T0);
    }

    @Test
    void acknowledgingRecordsWhoWhenAndTheNote() {
        AlertLifecycleEvent ack = Fixtures.acknowledge(alert, "alice", later);

        AlertView view = AlertView.open(alert, T0).after(ack, later).orElseThrow();

        assertThat(view.status()).isEqualTo(AlertStatus.ACKNOWLEDGED);
        assertThat(view.acknowledgedBy()).isEqualTo("alice");
        assertThat(view.acknowledgedAt()).isEqualTo(later);
        assertThat(view.note()).isEqualTo("looking");
        assertThat(view.resolvedAt()).isNull();
        assertThat(view.history()).extracting(HistoryEntry::eventId).containsExactly(ack.getEventId());
        assertThat(view.hasApplied(ack.getEventId())).isTrue();
    }

    @Test
    void resolvingKeepsTheAcknowledgementAndRecordsTheResolution() {
        AlertView acked = AlertView.open(alert, T0).after(Fixtures.acknowledge(alert, "alice", later), later).orElseThrow();

        AlertView view = acked.after(Fixtures.resolve(alert, "bob", Resolution.benign, later.plusSeconds(1)), later)
                .orElseThrow();

        assertThat(view.status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(view.acknowledgedBy()).isEqualTo("alice");
        assertThat(view.resolvedBy()).isEqualTo("bob");
        assertThat(view.resolvedAt()).isEqualTo(later.plusSeconds(1));
        assertThat(view.resolution()).isEqualTo(Resolution.benign);
        assertThat(view.history()).hasSize(2);
    }

    @Test
    void anEventWithoutANoteKeepsTheLastNote() {
        AlertView acked = AlertView.open(alert, T0).after(Fixtures.acknowledge(alert, "alice", later), later).orElseThrow();

        AlertView view = acked.after(Fixtures.event(LifecycleAction.RESOLVE, alert, "bob", null, null, later), later)
                .orElseThrow();

        assertThat(view.note()).isEqualTo("looking");
    }

    @Test
    void anIllegalEventGivesNoView() {
        AlertView resolved = AlertView.open(alert, T0).after(Fixtures.resolve(alert, "bob", null, later), later)
                .orElseThrow();

        assertThat(resolved.after(Fixtures.acknowledge(alert, "alice", later), later)).isEmpty();
        assertThat(resolved.after(Fixtures.resolve(alert, "alice", null, later), later)).isEmpty();
    }

    @Test
    void aReEmittedAlertReplacesTheAlertButNotTheStatus() {
        AlertView acked = AlertView.open(alert, T0).after(Fixtures.acknowledge(alert, "alice", later), later).orElseThrow();
        Alert again = Fixtures.reEmitted(alert, 3, later.plusSeconds(30));

        AlertView view = acked.withAlert(again, later.plusSeconds(31));

        assertThat(view.alert().getOccurrences()).isEqualTo(3);
        assertThat(view.alert().getLastSeen()).isEqualTo(later.plusSeconds(30));
        assertThat(view.status()).isEqualTo(AlertStatus.ACKNOWLEDGED);
        assertThat(view.acknowledgedBy()).isEqualTo("alice");
        assertThat(view.history()).isEqualTo(acked.history());
        assertThat(view.updatedAt()).isEqualTo(later.plusSeconds(31));
    }

    @Test
    void theHistoryKeepsOnlyTheNewestEvents() {
        List<HistoryEntry> full = new ArrayList<>();
        for (int i = 0; i < AlertView.HISTORY_LIMIT; i++) {
            full.add(new HistoryEntry("e-" + i, LifecycleAction.COMMENT, "x", null, null, null, T0));
        }
        AlertView open = new AlertView(alert, AlertStatus.OPEN, null, null, null, null, null, null, null, full, T0);
        AlertLifecycleEvent ack = Fixtures.acknowledge(alert, "alice", later);

        AlertView after = open.after(ack, later).orElseThrow();

        assertThat(after.history()).hasSize(AlertView.HISTORY_LIMIT);
        assertThat(after.hasApplied("e-0")).isFalse();
        assertThat(after.hasApplied("e-1")).isTrue();
        assertThat(after.history().get(AlertView.HISTORY_LIMIT - 1).eventId()).isEqualTo(ack.getEventId());
    }
    @Test
    void reopeningAResolvedAlertMakesItOpenAndClearsTheDecisionsButNotTheHistory() {
        AlertView resolved = AlertView.open(alert, T0).after(Fixtures.acknowledge(alert, "alice", later), later)
                .flatMap(v -> v.after(Fixtures.resolve(alert, "bob", Resolution.false_positive, later), later))
                .orElseThrow();

        AlertView view = resolved.after(Fixtures.event(LifecycleAction.REOPEN, alert, "carol", "not fixed", null,
                later.plusSeconds(5)), later.plusSeconds(5)).orElseThrow();

        assertThat(view.status()).isEqualTo(AlertStatus.OPEN);
        assertThat(view.resolution()).isNull();
        assertThat(view.resolvedAt()).isNull();
        assertThat(view.resolvedBy()).isNull();
        assertThat(view.acknowledgedAt()).isNull();
        assertThat(view.acknowledgedBy()).isNull();
        assertThat(view.note()).isEqualTo("not fixed");
        assertThat(view.history()).extracting(HistoryEntry::action)
                .containsExactly(LifecycleAction.ACKNOWLEDGE, LifecycleAction.RESOLVE, LifecycleAction.REOPEN);
    }

    @Test
    void reopeningAnOpenAlertGivesNoView() {
        assertThat(AlertView.open(alert, T0).after(Fixtures.event(LifecycleAction.REOPEN, alert, "carol", null, null,
                later), later)).isEmpty();
    }

    @Test
    void aCommentKeepsTheStatusAndBecomesTheLastNote() {
        AlertView resolved = AlertView.open(alert, T0).after(Fixtures.resolve(alert, "bob", Resolution.benign, later),
                later).orElseThrow();

        AlertView view = resolved.after(Fixtures.event(LifecycleAction.COMMENT, alert, "carol", "same job again",
                null, later.plusSeconds(1)), later).orElseThrow();

        assertThat(view.status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(view.resolution()).isEqualTo(Resolution.benign);
        assertThat(view.note()).isEqualTo("same job again");
        assertThat(view.history()).last().satisfies(h -> {
            assertThat(h.action()).isEqualTo(LifecycleAction.COMMENT);
            assertThat(h.actor()).isEqualTo("carol");
        });
    }

    @Test
    void anAssignSetsTheAssigneeInAnyStatusAndAReopenKeepsIt() {
        AlertView acked = AlertView.open(alert, T0).after(Fixtures.acknowledge(alert, "alice", later), later).orElseThrow();

        AlertView assigned = acked.after(assign("dave"), later).orElseThrow();
        AlertView reassigned = assigned.after(assign("erin"), later).orElseThrow();
        AlertView reopened = reassigned.after(Fixtures.event(LifecycleAction.REOPEN, alert, "x", null, null, later),
                later).orElseThrow();

        assertThat(assigned.status()).isEqualTo(AlertStatus.ACKNOWLEDGED);
        assertThat(assigned.assignee()).isEqualTo("dave");
        assertThat(assigned.acknowledgedBy()).isEqualTo("alice");
        assertThat(reassigned.assignee()).isEqualTo("erin");
        assertThat(reassigned.history()).last().extracting(HistoryEntry::assignee).isEqualTo("erin");
        assertThat(reopened.assignee()).isEqualTo("erin");
        assertThat(reopened.status()).isEqualTo(AlertStatus.OPEN);
    }

    private AlertLifecycleEvent assign(String assignee) {
        return AlertLifecycleEvent.newBuilder(Fixtures.event(LifecycleAction.ASSIGN, alert, "lead", null, null, later))
                .setAssignee(assignee).build();
    }
}

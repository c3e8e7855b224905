package dev.vigil.lifecycle.command;

import dev.vigil.avro.Alert;
import dev.vigil.avro.AlertLifecycleEvent;
import dev.vigil.lifecycle.view.AlertView;
import dev.vigil.lifecycle.view.AlertViewReader;
import dev.vigil.lifecycle.view.Transitions;
import dev.vigil.lifecycle.view.ViewUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Carries out the alert actions (acknowledge, resolve, reopen, comment, assign): checks the move against the view
 * ({@link Transitions}, the table the view applies too), writes one {@link AlertLifecycleEvent},
 * then waits until the view shows that very event, so that a read right after one's own write sees it
 * (read-your-writes on this instance). The view applies the event, not this class: the topic stays the only
 * source of truth and every instance ends up with the same view.
 *
 * <p>Commands on the same alert are serialized here (striped locks, check → write → wait), so two concurrent
 * acknowledgements through this instance give one 200 and one 409 instead of two events. Across instances the
 * view settles the race: the second event is an illegal transition there and is passed over; its command answers
 * 202 after the timeout. With several instances every command is forwarded to the write leader (docs/cluster.md).
 */
public final class AlertCommands {

    private final AlertViewReader reader;
    private final LifecycleEventWriter writer;
    private final Clock clock;
    private final ViewWrites writes;

    /**
     * @param clock       stamps {@code occurredAt}: the time of a person's decision is the wall clock
     * @param viewTimeout how long to wait for the view to show a written event before answering {@link CommandResult.Pending}
     */
    public AlertCommands(AlertViewReader reader, LifecycleEventWriter writer, Clock clock, Duration viewTimeout) {
        this.reader = reader;
        this.writer = writer;
        this.clock = clock;
        this.writes = new ViewWrites(viewTimeout);
    }

    /**
     * @throws AlertNotFoundException      no such alert in the view
     * @throws IllegalTransitionException  the alert's status does not allow the command
     * @throws WriteFailedException        Kafka did not confirm the event
     * @throws ViewUnavailableException    the view cannot be read right now
     */
    public CommandResult execute(AlertCommand command) {
        ReentrantLock lock = writes.lockOf(command.alertId());
        lock.lock();
        try {
            AlertView current = reader.get(command.alertId())
                    .orElseThrow(() -> new AlertNotFoundException(command.alertId()));
            if (Transitions.next(current.status(), command.action()).isEmpty()) {
                throw new IllegalTransitionException(current.status(),
                        Transitions.refusal(current.status(), command.action()));
            }
            AlertLifecycleEvent event = eventFor(command, current.alert());
            writer.write(event);
            return awaitApplied(command.alertId(), event.getEventId())
                    .<CommandResult>map(view -> new CommandResult.Applied(event.getEventId(), view))
                    .orElseGet(() -> new CommandResult.Pending(event.getEventId()));
        } finally {
            lock.unlock();
        }
    }

    private AlertLifecycleEvent eventFor(AlertCommand command, Alert alert) {
        return AlertLifecycleEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setAction(command.action())
                .setAlertId(alert.getAlertId())
                .setTenantId(alert.getTenantId())
                .setAgentId(alert.getAgentId())
                .setRuleId(alert.getRuleId())
                .setActor(command.actor())
                .setNote(command.note())
                .setResolution(command.resolution())
                .setAssignee(command.assignee())
                .setOccurredAt(clock.instant())
                .build();
    }

    /** Polls the view until it holds the event; a monotonic deadline, whatever the injected clock says. */
    private Optional<AlertView> awaitApplied(String alertId, String eventId) {
        return writes.awaitShown(() -> reader.get(alertId).filter(v -> v.hasApplied(eventId)));
    }
}

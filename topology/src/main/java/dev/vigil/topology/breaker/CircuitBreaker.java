package dev.vigil.topology.breaker;

import dev.vigil.avro.AgentStatus;
import dev.vigil.avro.Alert;
import dev.vigil.avro.AlertLifecycleEvent;
import dev.vigil.avro.BreakerState;
import dev.vigil.avro.LifecycleAction;
import dev.vigil.avro.Severity;
import dev.vigil.topology.detect.Parameters;
import dev.vigil.topology.state.AgentState;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The per-agent circuit breaker: {@code MONITORING → WARN → HALTED}, and {@code KILLED}, published on
 * {@code vigil.agent-status.v1} for gateways to enforce.
 *
 * <ul>
 *   <li>A non-calibrating alert at {@code breaker.warn-severity} (default high) or above moves a MONITORING agent to
 *       WARN. One at {@code breaker.halt-severity} (default critical) halts it where {@code breaker.auto-halt} is on
 *       for the agent or its tenant (off by default), and warns otherwise. Calibrating alerts never move it. An
 *       auto-halt is also written to {@code vigil.alert-events.v1} as a {@code HALT} by actor {@value #SYSTEM_ACTOR}
 *       naming the alert, so that it is on the record (and the live stream) like a person's decision; applying it
 *       again changes nothing, the agent being halted already.</li>
 *   <li>{@code HALT} and {@code KILL} commands (on {@code vigil.alert-events.v1}) halt or kill the agent whatever
 *       its state (a killed agent stays killed). {@code RESUME} returns a WARN or HALTED agent to MONITORING, only
 *       from a person (an actor that is not Vigil's own, {@code vigil…}) with a justification (the note); a
 *       refused resume changes nothing and says why. A killed agent is not resumed: register it anew.</li>
 *   <li>A {@code RESOLVE} that leaves a WARN agent with no open alert returns it to MONITORING.</li>
 *   <li>Halting or killing an agent cascades to the children it delegated to ({@link Children}): for each, a
 *       {@code HALT}/{@code KILL} command by actor {@value #CASCADE_ACTOR} is written to
 *       {@code vigil.alert-events.v1}, keyed by the child, so the child's own partition applies it (and cascades on
 *       to its children); an agent already halted or killed does not cascade again, so cycles end.</li>
 * </ul>
 * Every move is computed from its input only (times are the alert's or the command's), so a replay moves the
 * breakers identically.
 */
public final class CircuitBreaker {

    public static final String SYSTEM_ACTOR = "vigil";
    public static final String CASCADE_ACTOR = "vigil:cascade";

    /** What a move produced: the agent's new status, and commands for its children. */
    public record Move(AgentStatus status, List<AlertLifecycleEvent> cascade) {
    }

    /** A command that was refused, with the reason (for the log and the metric). */
    public record Refusal(String reason) {
    }

    private CircuitBreaker() {
    }

    /** The move an emitted alert causes, if any. */
    public static Optional<Move> onAlert(AgentState state, Alert alert, Parameters parameters, Map<String, String> agentSettings) {
        if (alert.getCalibrating() || state.breaker() == BreakerState.HALTED || state.breaker() == BreakerState.KILLED) {
            return Optional.empty();
        }
        String tenant = alert.getTenantId();
        String agent = alert.getAgentId();
        Severity halt = parameters.value(BreakerPolicy.HALT_SEVERITY, tenant, agentSettings, agent);
        Severity warn = parameters.value(BreakerPolicy.WARN_SEVERITY, tenant, agentSettings, agent);
        boolean autoHalt = parameters.value(BreakerPolicy.AUTO_HALT, tenant, agentSettings, agent);
        long at = alert.getDetectedAt().toEpochMilli();
        Severity severity = alert.getSeverity();
        if (autoHalt && atLeast(severity, halt)) {
            String reason = "auto-halt: " + alert.getRuleId() + " (" + severity + "): " + alert.getDescription();
            Move halted = move(state, BreakerState.HALTED, tenant, agent, reason, alert.getAlertId(), SYSTEM_ACTOR, at,
                    alert.getAlertId());
            return Optional.of(new Move(halted.status(), withRecord(halted.cascade(), AlertLifecycleEvent.newBuilder()
                    .setEventId(cascadeId(alert.getAlertId(), agent)).setAction(LifecycleAction.HALT)
                    .setAlertId(alert.getAlertId()).setTenantId(tenant).setAgentId(agent).setRuleId(alert.getRuleId())
                    .setActor(SYSTEM_ACTOR).setNote(reason).setOccurredAt(Instant.ofEpochMilli(at)).build())));
        }
        if (state.breaker() == BreakerState.MONITORING && (atLeast(severity, warn) || atLeast(severity, halt))) {
            String reason = alert.getRuleId() + " (" + severity + "): " + alert.getDescription();
            return Optional.of(move(state, BreakerState.WARN, tenant, agent, reason, alert.getAlertId(), SYSTEM_ACTOR, at, null));
        }
        return Optional.empty();
    }

    /**
     * The move a command causes: a status change, nothing (the command does not concern the breaker, or changes
     * nothing), or a refusal.
     */
    public static Optional<Object> onCommand(AgentState state, AlertLifecycleEvent command) {
        LifecycleAction action = command.getAction();
        long at = command.getOccurredAt().toEpochMilli();
        String note = command.getNote();
        String actor = command.getActor();
        switch (action) {
            case HALT, KILL -> {
                BreakerState target = action == LifecycleAction.HALT ? BreakerState.HALTED : BreakerState.KILLED;
                if (state.breaker() == BreakerState.KILLED || state.breaker() == target) {
                    return Optional.empty();
                }
                String reason = (action == LifecycleAction.HALT ? "halted by " : "killed by ") + actor
                        + (note == null || note.isBlank() ? "" : ": " + note);
                return Optional.of(move(state, target, command.getTenantId(), command.getAgentId(), reason,
                        command.getAlertId(), actor, at, command.getEventId()));
            }
            case RESUME -> {
                if (state.breaker() == BreakerState.KILLED) {
                    return Optional.of(new Refusal("a killed agent is not resumed; register it anew"));
                }
                if (actor == null || actor.isBlank() || actor.equals("anonymous") || actor.startsWith(SYSTEM_ACTOR)) {
                    return Optional.of(new Refusal("only a person resumes an agent (actor '" + actor + "')"));
                }
                if (note == null || note.isBlank()) {
                    return Optional.of(new Refusal("a resume needs a justification in its note"));
                }
                if (state.breaker() == BreakerState.MONITORING) {
                    return Optional.empty();
                }
                return Optional.of(move(state, BreakerState.MONITORING, command.getTenantId(), command.getAgentId(),
                        "resumed by " + actor + ": " + note, command.getAlertId(), actor, at, null));
            }
            case RESOLVE -> {
                if (state.breaker() == BreakerState.WARN && state.openAlerts().isEmpty()) {
                    return Optional.of(move(state, BreakerState.MONITORING, command.getTenantId(), command.getAgentId(),
                            "every open alert resolved (last by " + actor + ")", command.getAlertId(), actor, at, null));
                }
                return Optional.empty();
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    /** Applies the move to the state; {@code cascadeFrom} non-null makes children commands (ids derived from it). */
    private static Move move(AgentState state, BreakerState target, String tenant, String agent, String reason,
                             String alertId, String actor, long at, String cascadeFrom) {
        state.breaker(target, at);
        AgentStatus status = AgentStatus.newBuilder().setAgentId(agent).setTenantId(tenant).setState(target)
                .setReason(reason).setAlertId(alertId).setActor(actor).setSince(Instant.ofEpochMilli(at)).build();
        List<AlertLifecycleEvent> cascade = new ArrayList<>();
        if (cascadeFrom != null && (target == BreakerState.HALTED || target == BreakerState.KILLED)) {
            LifecycleAction action = target == BreakerState.HALTED ? LifecycleAction.HALT : LifecycleAction.KILL;
            for (String child : state.section(Children.SECTION).ids()) {
                cascade.add(AlertLifecycleEvent.newBuilder()
                        .setEventId(cascadeId(cascadeFrom, child))
                        // no alertId: the event acts on the child agent, not on an alert (the lifecycle view applies
                        // events by alert id); the note names the parent and why it stopped
                        .setAction(action).setAlertId(null).setTenantId(tenant).setAgentId(child).setRuleId(null)
                        .setActor(CASCADE_ACTOR)
                        .setNote("parent " + agent + " " + (action == LifecycleAction.HALT ? "halted" : "killed") + ": " + reason)
                        .setOccurredAt(Instant.ofEpochMilli(at)).build());
            }
        }
        return new Move(status, cascade);
    }

    /** The auto-halt's own decision record first, then the cascade to the children. */
    private static List<AlertLifecycleEvent> withRecord(List<AlertLifecycleEvent> cascade, AlertLifecycleEvent record) {
        List<AlertLifecycleEvent> all = new ArrayList<>();
        all.add(record);
        all.addAll(cascade);
        return all;
    }

    static boolean atLeast(Severity severity, Severity level) {
        return severity.ordinal() >= level.ordinal();
    }

    private static String cascadeId(String from, String child) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(from.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(child.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest()).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.vigil.topology.breaker;

import dev.vigil.avro.AgentProfile;
import dev.vigil.avro.AgentStatus;
import dev.vigil.avro.BreakerState;
import dev.vigil.topology.state.AgentState;
import java.time.Duration;
import java.time.Instant;

/**
 * The agent-status records the topology writes besides breaker moves, and the calibration every status record
 * carries: {@code firstEventAt} (the event time calibration counts from), {@code calibrationEndsAt} (null when the
 * agent has no calibration period or a person ended it) and {@code calibrationEnded}. The lifecycle service computes
 * an agent's calibration progress from them; gateways may ignore them.
 *
 * <p>Besides moves, a record is written when an agent is first seen (state MONITORING, so a new agent shows up with
 * its calibration window) and when a person marks it calibrated (the breaker state unchanged).
 */
public final class AgentStatuses {

    /** Calibration days of an agent without a registered profile. */
    public static final int DEFAULT_CALIBRATION_DAYS = 7;

    private AgentStatuses() {
    }

    /** The agent's calibration period in days: its profile's, else {@value #DEFAULT_CALIBRATION_DAYS}. */
    public static int calibrationDays(AgentProfile profile) {
        return profile == null ? DEFAULT_CALIBRATION_DAYS : profile.getCalibrationDays();
    }

    /** {@code status} with the agent's calibration as {@code state} and {@code profile} have it. */
    public static AgentStatus stamped(AgentStatus status, AgentState state, AgentProfile profile) {
        int days = calibrationDays(profile);
        Instant first = Instant.ofEpochMilli(state.firstEventAt());
        Instant ends = state.calibrationEnded() || days <= 0 ? null : first.plus(Duration.ofDays(days));
        return AgentStatus.newBuilder(status).setFirstEventAt(first).setCalibrationEndsAt(ends)
                .setCalibrationEnded(state.calibrationEnded()).build();
    }

    /** A breaker move with its status stamped. */
    public static CircuitBreaker.Move stamped(CircuitBreaker.Move move, AgentState state, AgentProfile profile) {
        return new CircuitBreaker.Move(stamped(move.status(), state, profile), move.cascade());
    }

    /** The record of an agent seen for the first time (or again after its idle state was evicted). */
    public static AgentStatus firstSeen(String tenant, String agent, AgentState state, AgentProfile profile, long at) {
        AgentStatus status = AgentStatus.newBuilder().setAgentId(agent).setTenantId(tenant)
                .setState(BreakerState.MONITORING).setReason("first seen").setAlertId(null)
                .setActor(CircuitBreaker.SYSTEM_ACTOR).setSince(Instant.ofEpochMilli(at)).build();
        return stamped(status, state, profile);
    }

    /** The record after a person ended the agent's calibration: the breaker's state and time unchanged. */
    public static AgentStatus calibrated(String tenant, String agent, AgentState state, AgentProfile profile,
                                         String actor, String note) {
        long since = state.breakerSince() > 0 ? state.breakerSince() : state.firstEventAt();
        AgentStatus status = AgentStatus.newBuilder().setAgentId(agent).setTenantId(tenant).setState(state.breaker())
                .setReason("calibration ended by " + actor + (note == null || note.isBlank() ? "" : ": " + note))
                .setAlertId(null).setActor(actor).setSince(Instant.ofEpochMilli(since)).build();
        return stamped(status, state, profile);
    }
}

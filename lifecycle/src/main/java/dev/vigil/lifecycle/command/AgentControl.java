package dev.vigil.lifecycle.command;

import dev.vigil.avro.AgentProfile;
import dev.vigil.avro.AgentStatus;
import dev.vigil.avro.AlertLifecycleEvent;
import dev.vigil.avro.BreakerState;
import dev.vigil.avro.LifecycleAction;
import dev.vigil.lifecycle.view.KeyedViewReader;
import dev.vigil.lifecycle.view.ViewEntry;
import dev.vigil.lifecycle.view.ViewUnavailableException;
import dev.vigil.topology.breaker.CircuitBreaker;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * An agent's circuit breaker as people see and command it: its state from {@code vigil.agent-status.v1} (written by
 * the topology), and the commands {@code HALT}, {@code RESUME}, {@code KILL} and {@code MARK_CALIBRATED}, each written
 * as one {@link AlertLifecycleEvent} (alertId null, the justification as its note) through the lifecycle event writer,
 * which puts it on the tenant's audit chain. The topology applies it ({@link CircuitBreaker}); this class only refuses
 * up front what the topology would refuse for certain, so that the caller hears why instead of a 202 that changes
 * nothing: a halt, resume or kill of an agent the status view shows KILLED (a killed agent stays killed), and a resume
 * by an actor the topology does not take for a person.
 */
public final class AgentControl {

    /** What an agent is commanded with. */
    public static final Set<LifecycleAction> COMMANDS = EnumSet.of(LifecycleAction.HALT, LifecycleAction.RESUME,
            LifecycleAction.KILL, LifecycleAction.MARK_CALIBRATED);

    /** Commands that change nothing for a killed agent. */
    private static final Set<LifecycleAction> NOT_FOR_KILLED =
            EnumSet.of(LifecycleAction.HALT, LifecycleAction.RESUME, LifecycleAction.KILL);

    /**
     * An agent known to the registry, to the status view, or to both.
     *
     * @param tenantId the profile's tenant, else the status record's
     * @param profile  null when the registry has none
     * @param status   null when the topology has written no state for it yet
     */
    public record Agent(String agentId, String tenantId, AgentProfile profile, AgentStatus status) {
    }

    private final AgentRegistry registry;
    private final KeyedViewReader<AgentStatus> statuses;
    private final LifecycleEventWriter writer;
    private final Clock clock;

    /** @param clock stamps {@code occurredAt}: the time of a person's decision is the wall clock */
    public AgentControl(AgentRegistry registry, KeyedViewReader<AgentStatus> statuses, LifecycleEventWriter writer,
                        Clock clock) {
        this.registry = registry;
        this.statuses = statuses;
        this.writer = writer;
        this.clock = clock;
    }

    /** Now, by the clock that stamps the commands (the status route measures calibration with it). */
    public Instant now() {
        return clock.instant();
    }

    /**
     * The agent, or empty when neither view knows it; {@link ViewUnavailableException} when a view cannot say. A status
     * record of another tenant than the profile's is not this agent's: it is left from a tenant that deleted the agent
     * before another registered the same id (deleting a profile leaves the topology's record), and its reason, actor
     * and alert are that tenant's, so the agent is shown and commanded as one without a record yet.
     */
    public Optional<Agent> find(String agentId) {
        Optional<AgentProfile> profile = registry.get(agentId);
        AgentStatus status = statuses.get(agentId).map(ViewEntry::value)
                .filter(s -> profile.map(p -> p.getTenantId().equals(s.getTenantId())).orElse(true))
                .orElse(null);
        if (profile.isEmpty() && status == null) {
            return Optional.empty();
        }
        String tenant = profile.map(AgentProfile::getTenantId).orElseGet(() -> status.getTenantId());
        return Optional.of(new Agent(agentId, tenant, profile.orElse(null), status));
    }

    /**
     * Writes the command for {@code agent} and returns the event's id once Kafka has it; the topology applies it a
     * moment later.
     *
     * @throws ConflictException    the status view shows the agent KILLED and the command is a halt, resume or kill
     * @throws NotAPersonException a resume by an actor that is not a person (anonymous, or Vigil's own)
     * @throws WriteFailedException Kafka did not confirm the event
     */
    public String execute(Agent agent, LifecycleAction action, String actor, String justification) {
        if (!COMMANDS.contains(action)) {
            throw new IllegalArgumentException("not an agent command: " + action);
        }
        if (agent.status() != null && agent.status().getState() == BreakerState.KILLED
                && NOT_FOR_KILLED.contains(action)) {
            throw new ConflictException("the agent " + agent.agentId() + " is KILLED and stays killed: the topology "
                    + "ignores a halt or kill of it and refuses a resume; register the agent anew under a new id",
                    Map.of("state", BreakerState.KILLED.name()));
        }
        if (action == LifecycleAction.RESUME && !isPerson(actor)) {
            throw new NotAPersonException(actor);
        }
        AlertLifecycleEvent event = AlertLifecycleEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setAction(action)
                .setAlertId(null)
                .setTenantId(agent.tenantId())
                .setAgentId(agent.agentId())
                .setActor(actor)
                .setNote(justification)
                .setOccurredAt(clock.instant())
                .build();
        writer.write(event);
        return event.getEventId();
    }

    /** The topology resumes an agent only for a person: not blank, not anonymous, not Vigil's own actor. */
    static boolean isPerson(String actor) {
        return actor != null && !actor.isBlank() && !actor.equals("anonymous")
                && !actor.startsWith(CircuitBreaker.SYSTEM_ACTOR);
    }

    /** A resume asked for by an actor the topology would not take for a person; the API answers 403. */
    public static final class NotAPersonException extends RuntimeException {

        public NotAPersonException(String actor) {
            super("only a person resumes an agent, and this request acts as '" + actor + "' (anonymous, or a name "
                    + "starting with '" + CircuitBreaker.SYSTEM_ACTOR + "', is Vigil's own): use an API key with a "
                    + "person's name", null, false, false);
        }
    }
}

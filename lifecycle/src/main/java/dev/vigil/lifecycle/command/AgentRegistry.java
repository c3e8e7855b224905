package dev.vigil.lifecycle.command;

import dev.vigil.avro.AgentProfile;
import dev.vigil.lifecycle.view.KeyedViewReader;
import dev.vigil.lifecycle.view.ViewUnavailableException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Reads and changes the agent registry of {@code vigil.agents.v1}: one {@link AgentProfile} per agentId, written as a
 * record keyed by agentId, deleted with a tombstone. A change is acknowledged once Kafka has it; own writes are read
 * back at once ({@link OwnWrites}); changes through this instance are serialized (check, then write).
 *
 * <p>Tenant scoping is decided here, under the same lock as the write, with the caller's {@code mayAccess}: another
 * tenant's agent is {@link NotFoundException}, exactly as a missing one. An agent's tenant never changes: moving one
 * would leave its alerts, breaker state and audit chain behind in the old tenant.
 */
public final class AgentRegistry {

    /** One page of a list, and the agentId to pass as {@code after} for the next one (null on the last page). */
    public record Page(List<AgentProfile> agents, String next) {
    }

    private final OwnWrites<AgentProfile> agents;
    private final TopicWriter<AgentProfile> writer;
    private final ReentrantLock changes = new ReentrantLock();

    public AgentRegistry(KeyedViewReader<AgentProfile> view, TopicWriter<AgentProfile> writer) {
        this.agents = new OwnWrites<>(view);
        this.writer = writer;
    }

    /** The profile of this agent, of any tenant; {@link ViewUnavailableException} when the view cannot say. */
    public Optional<AgentProfile> get(String agentId) {
        return agents.get(agentId);
    }

    /**
     * The agents {@code include} accepts, in agentId order, strictly after {@code after} when given, at most
     * {@code limit}.
     */
    public Page list(Predicate<AgentProfile> include, Optional<String> after, int limit) {
        List<AgentProfile> page = agents.all().stream()
                .filter(p -> after.map(a -> p.getAgentId().compareTo(a) > 0).orElse(true))
                .filter(include)
                .limit(limit + 1L)
                .toList();
        if (page.size() <= limit) {
            return new Page(page, null);
        }
        List<AgentProfile> shown = page.subList(0, limit);
        return new Page(shown, shown.get(limit - 1).getAgentId());
    }

    /**
     * Creates or replaces the agent's profile.
     *
     * @param mayAccess whether the caller may see a tenant's agents
     * @return true when the agent had no profile
     * @throws NotFoundException    the agent is another tenant's
     * @throws ConflictException    the profile moves the agent to another tenant
     * @throws WriteFailedException Kafka did not confirm it
     */
    public boolean put(AgentProfile profile, Predicate<String> mayAccess) {
        String agentId = profile.getAgentId();
        return changing(() -> {
            Optional<AgentProfile> existing = accessible(agentId, mayAccess);
            existing.filter(e -> !e.getTenantId().equals(profile.getTenantId())).ifPresent(e -> {
                throw new ConflictException("the agent " + agentId + " belongs to tenant " + e.getTenantId()
                        + "; an agent's tenant does not change (delete it and register it again)",
                        Map.of("tenantId", e.getTenantId()));
            });
            agents.wrote(agentId, writer.put(agentId, profile), profile);
            return existing.isEmpty();
        });
    }

    /**
     * Deletes the agent's profile (a tombstone). Its breaker state on {@code vigil.agent-status.v1} stays: the
     * topology owns that topic.
     *
     * @throws NotFoundException    no profile, or another tenant's
     * @throws WriteFailedException Kafka did not confirm it
     */
    public void delete(String agentId, Predicate<String> mayAccess) {
        changing(() -> {
            accessible(agentId, mayAccess).orElseThrow(() -> notFound(agentId));
            agents.wrote(agentId, writer.delete(agentId), null);
            return null;
        });
    }

    private Optional<AgentProfile> accessible(String agentId, Predicate<String> mayAccess) {
        Optional<AgentProfile> existing = get(agentId);
        if (existing.isPresent() && !mayAccess.test(existing.get().getTenantId())) {
            throw notFound(agentId);
        }
        return existing;
    }

    /** The answer for a missing agent, and for another tenant's: the same words. */
    public static NotFoundException notFound(String agentId) {
        return new NotFoundException("no agent with id " + shorten(agentId));
    }

    private <T> T changing(Supplier<T> change) {
        changes.lock();
        try {
            return change.get();
        } finally {
            changes.unlock();
        }
    }

    private static String shorten(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "…";
    }
}

package dev.vigil.simulator.fleet;

import dev.vigil.avro.AgentProfile;
import dev.vigil.avro.Budget;
import dev.vigil.avro.Capability;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One simulated agent: who it is and its habits. Normal traffic is drawn from these habits, and attacks reuse
 * them so that an attack event looks like the agent's own apart from the one thing the attack changes.
 *
 * @param number        position in the fleet, from 1; part of the agent id
 * @param seed          the agent's own seed, from which its grants and token ids are derived
 * @param parentAgentId the agent that delegates to this one, or null
 * @param children      agents this one delegates to
 */
public record Agent(int number, String agentId, String tenantId, String name, long seed,
                    Activity activity, List<String> registeredScopes, List<ToolHabit> tools, ModelHabit models,
                    List<String> principals, Network network, Signing signing, EventMix mix, FailureRates failures,
                    List<String> allowedCountries, BigDecimal dailyBudgetUsd,
                    String parentAgentId, List<String> children) {

    /** Days of behaviour the profile asks detectors to learn before they judge the agent. */
    public static final int CALIBRATION_DAYS = 7;

    /** The default delegation depth limit of DESIGN.md's profile. */
    public static final int MAX_DELEGATION_DEPTH = 3;

    public Agent {
        registeredScopes = List.copyOf(registeredScopes);
        tools = List.copyOf(tools);
        principals = List.copyOf(principals);
        allowedCountries = List.copyOf(allowedCountries);
        children = List.copyOf(children);
        dailyBudgetUsd = dailyBudgetUsd.setScale(6, RoundingMode.UNNECESSARY);
    }

    /** This agent with the given children (they are known only once the whole fleet is drawn). */
    public Agent withChildren(List<String> childIds) {
        return new Agent(number, agentId, tenantId, name, seed, activity, registeredScopes, tools, models, principals,
                network, signing, mix, failures, allowedCountries, dailyBudgetUsd, parentAgentId, childIds);
    }

    /**
     * A look-alike with another identity and key: same tenant, hosts and habits, but no delegations. This is how
     * an unregistered agent shows up — a new deployment next to a registered one.
     */
    public Agent impersonatedAs(int newNumber, String newAgentId, String newName, long newSeed, Signing newSigning) {
        return new Agent(newNumber, newAgentId, tenantId, newName, newSeed, activity, registeredScopes, tools, models,
                principals, network, newSigning, mix, failures, allowedCountries, dailyBudgetUsd, null, List.of());
    }

    /** The highest capability among the agent's tools (read &lt; write &lt; delete &lt; admin): the most it ever uses. */
    public Capability maxCapability() {
        return tools.stream().map(t -> t.action().capability()).max(Comparator.naturalOrder()).orElse(Capability.read);
    }

    /** The registry entry for this agent (DESIGN.md, agent profiles). */
    public AgentProfile profile() {
        Map<String, String> publicKeys = new HashMap<>();
        publicKeys.put(signing.keyId(), signing.publicKey());
        return AgentProfile.newBuilder().setAgentId(agentId).setTenantId(tenantId).setName(name)
                .setRegisteredScopes(new ArrayList<>(registeredScopes)).setOperatingWindow(activity.schedule().toAvro())
                .setBudget(new Budget(dailyBudgetUsd, "P1D")).setMaxDelegationDepth(MAX_DELEGATION_DEPTH)
                .setAllowedCountries(new ArrayList<>(allowedCountries)).setPublicKeys(publicKeys)
                .setCalibrationDays(CALIBRATION_DAYS).build();
    }
}

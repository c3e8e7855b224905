package dev.vigil.simulator.attack;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/** The attack kinds the simulator can inject, by rule id. Register a new kind with one line here. */
public final class AttackCatalogue {

    private static final Map<String, AttackKind> KINDS = register(List.of(
            new UnknownAgentAttack(),
            new ScopeEscalationAttack(),
            new VelocitySpikeAttack(),
            new TokenReplayAttack(),
            new ConcurrentSessionsAttack(),
            new DelegationDepthAttack(),
            new BudgetOverspendAttack(),
            new SignatureFailureAttack(),
            new OffHoursAttack(),
            new GeoAnomalyAttack(),
            new CapabilityEscalationAttack(),
            new NewToolUsageAttack(),
            new NewPrincipalAttack()));

    private AttackCatalogue() {
    }

    /** The names of all kinds, sorted. */
    public static SortedSet<String> names() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(KINDS.keySet()));
    }

    /** The kind called {@code name}; {@link IllegalArgumentException} naming the known kinds otherwise. */
    public static AttackKind kind(String name) {
        AttackKind kind = KINDS.get(name);
        if (kind == null) {
            throw new IllegalArgumentException("unknown attack kind '" + name + "'; known kinds: " + String.join(", ", names()));
        }
        return kind;
    }

    private static Map<String, AttackKind> register(List<AttackKind> kinds) {
        Map<String, AttackKind> byRule = new TreeMap<>();
        kinds.forEach(kind -> byRule.put(kind.rule(), kind));
        return Collections.unmodifiableMap(byRule);
    }
}

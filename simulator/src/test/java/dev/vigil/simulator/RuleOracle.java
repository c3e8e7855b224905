package dev.vigil.simulator;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.AgentProfile;
import dev.vigil.avro.AuthorizationPayload;
import dev.vigil.avro.Capability;
import dev.vigil.avro.DelegationAction;
import dev.vigil.avro.DelegationPayload;
import dev.vigil.avro.ReceiptPayload;
import dev.vigil.avro.ToolCallPayload;
import dev.vigil.receipt.ReceiptCanonicalForm;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * Every rule of the catalogue that the simulator's attacks aim at, written as plainly as possible and
 * independently of the simulator's code, from the profiles and the events alone: what an ideal detector with
 * the documented defaults would flag. Fed a run's events in order, it records each {@link Violation}. Tests then
 * ask that every violation lie inside a label of its rule (normal traffic and other attacks trip nothing) and that
 * every label hold a violation of its rule (the attack is what the rule needs).
 *
 * <p>"Learned" rules learn during each agent's calibration — seven days from its first event, as the topology
 * counts it — and flag afterwards what was never seen: a tool action, a principal, a country (for an agent
 * declaring none), a capability above the highest seen, a UTC hour of the week without events (for an agent
 * declaring no window). Velocity: at least 20 events in 5 minutes and more than 3× the previous hour's average per
 * 5 minutes; for a cron agent also more than 3× its hourly burst (the naive rule flags every burst — the hard
 * case a real detector has to learn).
 */
final class RuleOracle {

    /** A moment at which {@code rule} would fire for {@code agentId}. */
    record Violation(String rule, String agentId, Instant at) {
    }

    static final Duration CALIBRATION = Duration.ofDays(7);
    static final Duration REPLAY_WINDOW = Duration.ofMinutes(10);
    static final Duration SESSION_WINDOW = Duration.ofMinutes(15);
    static final Duration SPEND_WINDOW = Duration.ofMinutes(5);
    static final Duration VELOCITY_WINDOW = Duration.ofMinutes(5);
    private static final BigDecimal BUDGET_SHARE = new BigDecimal("0.9");

    /** How long after an attack's last event its rule may still fire on the agent's own events. */
    static final Map<String, Duration> TRAILING = Map.of(
            "token_replay", REPLAY_WINDOW, "concurrent_sessions", SESSION_WINDOW,
            "budget_overspend", SPEND_WINDOW, "velocity_spike", VELOCITY_WINDOW);

    private final Map<String, AgentProfile> profiles;
    private final Map<String, Integer> cronBursts;
    private final Map<String, Learned> learned = new HashMap<>();
    private final Map<String, Deque<Use>> tokens = new HashMap<>();
    private final Map<String, Deque<Use>> grants = new HashMap<>();
    private final List<Violation> violations = new ArrayList<>();
    private long events;

    private record Use(String ip, long at) {
    }

    private record Spend(long at, BigDecimal cost) {
    }

    /** What the oracle knows of one agent. */
    private static final class Learned {
        final long first;
        final Set<String> tools = new HashSet<>();
        final Set<String> principals = new HashSet<>();
        final Set<String> countries = new HashSet<>();
        final Set<Long> hoursOfWeek = new HashSet<>();
        Capability highest;
        final Deque<Spend> spends = new ArrayDeque<>();
        BigDecimal spent = BigDecimal.ZERO;
        final Deque<Long> recent = new ArrayDeque<>();

        Learned(long first) {
            this.first = first;
        }
    }

    /**
     * @param cronBursts the hourly burst size of each cron agent, by id
     */
    RuleOracle(Map<String, AgentProfile> profiles, Map<String, Integer> cronBursts) {
        this.profiles = profiles;
        this.cronBursts = cronBursts;
    }

    List<Violation> violations() {
        return violations;
    }

    long events() {
        return events;
    }

    /** Judges the next event of the run (events must come in occurredAt order). */
    void accept(AgentEvent event) {
        events++;
        String agent = event.getAgentId();
        long at = event.getOccurredAt().toEpochMilli();
        AgentProfile profile = profiles.get(agent);
        if (profile == null) {
            flag("unknown_agent", event);
            return;
        }
        Learned known = learned.computeIfAbsent(agent, a -> new Learned(at));
        boolean calibrating = at - known.first < CALIBRATION.toMillis();
        identity(event, profile, known, calibrating);
        sessions(event, at);
        payload(event, profile, known, calibrating, at);
        velocity(event, known, at);
    }

    private void identity(AgentEvent event, AgentProfile profile, Learned known, boolean calibrating) {
        if (newValue(known.principals, event.getPrincipalId(), calibrating)) {
            flag("new_principal", event);
        }
        String country = event.getGeo() == null ? null : event.getGeo().getCountry();
        if (!profile.getAllowedCountries().isEmpty()) {
            if (!profile.getAllowedCountries().contains(country)) {
                flag("geo_anomaly", event);
            }
        } else if (newValue(known.countries, country, calibrating)) {
            flag("geo_anomaly", event);
        }
        if (profile.getOperatingWindow() != null) {
            if (!TrafficChecks.insideWindow(profile.getOperatingWindow(), event.getOccurredAt())) {
                flag("off_hours_activity", event);
            }
        } else {
            long hourOfWeek = Math.floorMod(event.getOccurredAt().getEpochSecond() / 3600, 24 * 7);
            if (newValue(known.hoursOfWeek, hourOfWeek, calibrating)) {
                flag("off_hours_activity", event);
            }
        }
    }

    private void sessions(AgentEvent event, long at) {
        String token = null;
        String grant = null;
        if (event.getPayload() instanceof AuthorizationPayload auth) {
            token = auth.getTokenJti();
            grant = auth.getGrantId();
        } else if (event.getPayload() instanceof ToolCallPayload call) {
            token = call.getTokenJti();
            grant = call.getGrantId();
        }
        if (token != null && addresses(tokens, event.getAgentId() + " " + token, event.getSourceIp(), at, REPLAY_WINDOW) >= 2) {
            flag("token_replay", event);
        }
        if (grant != null && addresses(grants, event.getAgentId() + " " + grant, event.getSourceIp(), at, SESSION_WINDOW) >= 3) {
            flag("concurrent_sessions", event);
        }
    }

    private static int addresses(Map<String, Deque<Use>> uses, String key, String ip, long at, Duration window) {
        Deque<Use> recent = uses.computeIfAbsent(key, k -> new ArrayDeque<>());
        recent.addLast(new Use(ip, at));
        while (recent.peekFirst().at() < at - window.toMillis()) {
            recent.removeFirst();
        }
        return (int) recent.stream().map(Use::ip).distinct().count();
    }

    private void payload(AgentEvent event, AgentProfile profile, Learned known, boolean calibrating, long at) {
        Object payload = event.getPayload();
        if (payload instanceof AuthorizationPayload auth) {
            if (!profile.getRegisteredScopes().containsAll(auth.getScopes())) {
                flag("scope_escalation", event);
            }
            if (auth.getDelegation() != null && auth.getDelegation().getDepth() > profile.getMaxDelegationDepth()) {
                flag("delegation_depth", event);
            }
        } else if (payload instanceof DelegationPayload delegation) {
            if (delegation.getAction() == DelegationAction.create && delegation.getDepth() > profile.getMaxDelegationDepth()) {
                flag("delegation_depth", event);
            }
        } else if (payload instanceof ToolCallPayload call) {
            if (newValue(known.tools, call.getTool() + " " + call.getActionType(), calibrating)) {
                flag("new_tool_usage", event);
            }
            if (known.highest == null || call.getCapability().compareTo(known.highest) > 0) {
                if (!calibrating) {
                    flag("capability_escalation", event);
                }
                known.highest = call.getCapability();
            }
        } else if (payload instanceof ReceiptPayload receipt) {
            if (!verifies(event, receipt, profile)) {
                flag("signature_failure", event);
            }
            known.spends.addLast(new Spend(at, receipt.getCostUsd()));
            known.spent = known.spent.add(receipt.getCostUsd());
            while (known.spends.peekFirst().at() <= at - SPEND_WINDOW.toMillis()) {
                known.spent = known.spent.subtract(known.spends.removeFirst().cost());
            }
            if (known.spent.compareTo(profile.getBudget().getAmountUsd().multiply(BUDGET_SHARE)) > 0) {
                flag("budget_overspend", event);
            }
        }
    }

    private void velocity(AgentEvent event, Learned known, long at) {
        known.recent.addLast(at);
        long windowMillis = VELOCITY_WINDOW.toMillis();
        while (known.recent.peekFirst() <= at - windowMillis - 3_600_000) {
            known.recent.removeFirst();
        }
        long inWindow = known.recent.stream().filter(t -> t > at - windowMillis).count();
        long hourBefore = known.recent.size() - inWindow;
        Integer burst = cronBursts.get(event.getAgentId());
        if (inWindow >= TrafficChecks.MIN_SPIKE && inWindow > 3 * hourBefore / 12.0
                && (burst == null || inWindow > 3 * burst)) {
            flag("velocity_spike", event);
        }
    }

    /** True when {@code value} is new after calibration; learns it either way. */
    private static <T> boolean newValue(Set<T> seen, T value, boolean calibrating) {
        return value != null && seen.add(value) && !calibrating;
    }

    private static boolean verifies(AgentEvent event, ReceiptPayload receipt, AgentProfile profile) {
        String key = receipt.getKeyId() == null ? null : profile.getPublicKeys().get(receipt.getKeyId());
        if (key == null || receipt.getSignature() == null) {
            return false;
        }
        byte[] message = ReceiptCanonicalForm.of(event);
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, new Ed25519PublicKeyParameters(Base64.getUrlDecoder().decode(key), 0));
        verifier.update(message, 0, message.length);
        return verifier.verifySignature(Base64.getUrlDecoder().decode(receipt.getSignature()));
    }

    private void flag(String rule, AgentEvent event) {
        violations.add(new Violation(rule, event.getAgentId(), event.getOccurredAt()));
    }
}

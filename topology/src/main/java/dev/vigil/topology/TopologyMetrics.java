package dev.vigil.topology;

import dev.vigil.avro.Severity;
import dev.vigil.topology.rules.RuleBook;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The topology's own meters, named for what they count (Prometheus names in brackets):
 * {@code vigil.events{type}} ({@code vigil_events_total}), {@code vigil.alerts{rule,severity}}
 * ({@code vigil_alerts_total}), {@code vigil.dlq{reason}} ({@code vigil_dlq_total}) and
 * {@code vigil.events.late} ({@code vigil_events_late_total}), {@code vigil.rules.rejected{reason}}
 * ({@code vigil_rules_rejected_total}) and the gauges {@code vigil.rules.custom.enabled} and {@code vigil.rules.records}.
 * Every tag value comes from a bounded set (the rule tag from the rules in force).
 */
public final class TopologyMetrics {

    private final MeterRegistry registry;
    private final Counter late;
    private final Map<String, Counter> byKey = new ConcurrentHashMap<>();

    public TopologyMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.late = Counter.builder("vigil.events.late")
                .description("Events older than the agent's newest by more than the grace")
                .register(registry);
    }

    /** One valid event of {@code type} reached detection. */
    public void eventSeen(String type) {
        byKey.computeIfAbsent("events/" + type, k -> Counter.builder("vigil.events")
                .description("Events that reached detection, by type").tag("type", type).register(registry)).increment();
    }

    public void lateEvent() {
        late.increment();
    }

    public void alertEmitted(String ruleId, Severity severity) {
        byKey.computeIfAbsent("alerts/" + ruleId + "/" + severity, k -> Counter.builder("vigil.alerts")
                .description("Alerts emitted (new and re-emitted), by rule and severity")
                .tag("rule", ruleId).tag("severity", severity.name()).register(registry)).increment();
    }

    /** One record went to the DLQ; {@code reason} is a failure code ({@code undecodable}, {@code invalid}, …). */
    public void deadLettered(String reason) {
        byKey.computeIfAbsent("dlq/" + reason, k -> Counter.builder("vigil.dlq")
                .description("Records sent to the dead-letter topic, by reason").tag("reason", reason).register(registry)).increment();
    }

    /** The circuit breaker moved an agent to {@code state}. */
    public void breakerMoved(String state) {
        byKey.computeIfAbsent("breaker/" + state, k -> Counter.builder("vigil.breaker.transitions")
                .description("Circuit-breaker moves, by the state entered").tag("state", state).register(registry)).increment();
    }

    /** A record on vigil.rules.v1 was ignored; {@code reason} is {@code undecodable}, {@code invalid} or {@code key-mismatch}. */
    public void ruleRejected(String reason) {
        byKey.computeIfAbsent("rules-rejected/" + reason, k -> Counter.builder("vigil.rules.rejected")
                .description("Records on the rules topic ignored, by reason").tag("reason", reason).register(registry)).increment();
    }

    /** Publishes the number of enabled custom rules and of rule records in force. */
    public void watchRules(RuleBook book) {
        Gauge.builder("vigil.rules.custom.enabled", book, b -> b.current().enabledCustomRules())
                .description("Enabled custom rules in force").register(registry);
        Gauge.builder("vigil.rules.records", book, b -> b.current().specs().size())
                .description("Valid records of the rules topic in force (custom rules and overrides)").register(registry);
    }

    /** A finding of {@code ruleId} was dropped: a false-positive resolution keeps the rule quiet for the agent. */
    public void findingQuieted(String ruleId) {
        byKey.computeIfAbsent("quieted/" + ruleId, k -> Counter.builder("vigil.findings.quieted")
                .description("Findings dropped while a false-positive resolution keeps their rule quiet for the agent")
                .tag("rule", ruleId).register(registry)).increment();
    }

    /** A command on vigil.alert-events.v1 was refused (e.g. a RESUME without justification). */
    public void commandRefused(String action) {
        byKey.computeIfAbsent("refused/" + action, k -> Counter.builder("vigil.commands.refused")
                .description("Lifecycle commands the topology refused, by action").tag("action", action).register(registry)).increment();
    }
}

package dev.vigil.core.config;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Vigil's topic names. Every app reads them from configuration (DESIGN.md: topic names are
 * configuration, these are the defaults); nothing else in the code names a topic.
 */
public record Topics(String events, String agents, String rules, String alerts, String alertEvents,
                     String agentStatus, String channels, String notifications, String siem, String eventsDlq,
                     String silences) {

    public static final String EVENTS = "vigil.topic.events";
    public static final String AGENTS = "vigil.topic.agents";
    public static final String RULES = "vigil.topic.rules";
    public static final String ALERTS = "vigil.topic.alerts";
    public static final String ALERT_EVENTS = "vigil.topic.alert-events";
    public static final String AGENT_STATUS = "vigil.topic.agent-status";
    public static final String CHANNELS = "vigil.topic.channels";
    public static final String NOTIFICATIONS = "vigil.topic.notifications";
    public static final String SIEM = "vigil.topic.siem";
    public static final String EVENTS_DLQ = "vigil.topic.events-dlq";
    public static final String SILENCES = "vigil.topic.silences";

    /** The default names of DESIGN.md's topic table. */
    public static Topics defaults() {
        return new Topics("vigil.events.v1", "vigil.agents.v1", "vigil.rules.v1", "vigil.alerts.v1",
                "vigil.alert-events.v1", "vigil.agent-status.v1", "vigil.channels.v1", "vigil.notifications.v1",
                "vigil.siem.v1", "vigil.events.dlq.v1", "vigil.silences.v1");
    }

    /** Adds the topic-name keys, with DESIGN.md's defaults, to {@code def}. */
    public static ConfigDef define(ConfigDef def) {
        Topics d = defaults();
        return def
                .define(EVENTS, ConfigDef.Type.STRING, d.events(), nonEmpty(), ConfigDef.Importance.MEDIUM, "Topic of agent events (key: agentId).")
                .define(AGENTS, ConfigDef.Type.STRING, d.agents(), nonEmpty(), ConfigDef.Importance.MEDIUM, "Compacted topic of agent profiles (key: agentId).")
                .define(RULES, ConfigDef.Type.STRING, d.rules(), nonEmpty(), ConfigDef.Importance.LOW, "Compacted topic of custom rules (key: ruleId).")
                .define(ALERTS, ConfigDef.Type.STRING, d.alerts(), nonEmpty(), ConfigDef.Importance.MEDIUM, "Topic of alerts (key: agentId).")
                .define(ALERT_EVENTS, ConfigDef.Type.STRING, d.alertEvents(), nonEmpty(), ConfigDef.Importance.MEDIUM, "Topic of alert lifecycle events and agent commands (key: agentId).")
                .define(AGENT_STATUS, ConfigDef.Type.STRING, d.agentStatus(), nonEmpty(), ConfigDef.Importance.LOW, "Compacted topic of circuit-breaker states (key: agentId).")
                .define(CHANNELS, ConfigDef.Type.STRING, d.channels(), nonEmpty(), ConfigDef.Importance.LOW, "Compacted topic of notification channel configs (key: name).")
                .define(NOTIFICATIONS, ConfigDef.Type.STRING, d.notifications(), nonEmpty(), ConfigDef.Importance.LOW, "Delivery ledger topic (key: alertId).")
                .define(SIEM, ConfigDef.Type.STRING, d.siem(), nonEmpty(), ConfigDef.Importance.LOW, "Alerts as JSON for SIEM (key: alertId).")
                .define(EVENTS_DLQ, ConfigDef.Type.STRING, d.eventsDlq(), nonEmpty(), ConfigDef.Importance.MEDIUM, "Dead-letter topic for events that cannot be read.")
                .define(SILENCES, ConfigDef.Type.STRING, d.silences(), nonEmpty(), ConfigDef.Importance.LOW, "Compacted topic of notification silences (key: silenceId).");
    }

    /** The topic names held by a config whose definition went through {@link #define}. */
    public static Topics from(AbstractConfig config) {
        return new Topics(config.getString(EVENTS), config.getString(AGENTS), config.getString(RULES),
                config.getString(ALERTS), config.getString(ALERT_EVENTS), config.getString(AGENT_STATUS),
                config.getString(CHANNELS), config.getString(NOTIFICATIONS), config.getString(SIEM),
                config.getString(EVENTS_DLQ), config.getString(SILENCES));
    }

    /** These names as configuration entries, so they can be handed to any app's config. */
    public java.util.Map<String, String> asConfig() {
        java.util.Map<String, String> config = new java.util.LinkedHashMap<>();
        config.put(EVENTS, events);
        config.put(AGENTS, agents);
        config.put(RULES, rules);
        config.put(ALERTS, alerts);
        config.put(ALERT_EVENTS, alertEvents);
        config.put(AGENT_STATUS, agentStatus);
        config.put(CHANNELS, channels);
        config.put(NOTIFICATIONS, notifications);
        config.put(SIEM, siem);
        config.put(EVENTS_DLQ, eventsDlq);
        config.put(SILENCES, silences);
        return config;
    }

    private static ConfigDef.Validator nonEmpty() {
        return new ConfigDef.NonEmptyString();
    }
}

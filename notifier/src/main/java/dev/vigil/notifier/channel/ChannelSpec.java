package dev.vigil.notifier.channel;

import dev.vigil.avro.Alert;
import dev.vigil.avro.ChannelConfig;
import dev.vigil.avro.Severity;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A channel config that {@link ChannelSpecs#validate} accepted, with its common fields typed. The settings stay in
 * {@link #config()}, untouched, for the channel's own config record; {@link #toString()} never shows their values,
 * since some are secrets.
 *
 * @param severities     the severities the channel takes; empty means every one
 * @param matchers       alert field ({@code tenantId}, {@code agentId}, {@code ruleId}, {@code category}) → the
 *                       value it must have; empty means every alert
 * @param groupWait      how long the first alert of a new group waits for others; null: the notifier's default
 * @param groupInterval  how long a group waits before it sends what was added to it; null: the notifier's default
 * @param repeatInterval how long before an unchanged group is sent again; null: the notifier's default
 * @param config         the validated record, settings included
 */
public record ChannelSpec(String name, String type, boolean enabled, Set<Severity> severities,
                          Map<String, String> matchers, Duration groupWait, Duration groupInterval,
                          Duration repeatInterval, ChannelConfig config) {

    public ChannelSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        severities = Set.copyOf(severities);
        matchers = Map.copyOf(matchers);
        Objects.requireNonNull(config, "config");
    }

    /**
     * Whether the channel's filters let {@code alert} through: its severity is among {@link #severities()} (or that
     * set is empty) and every matcher equals the alert's field. {@link #enabled()} is not part of it.
     */
    public boolean accepts(Alert alert) {
        if (!severities.isEmpty() && !severities.contains(alert.getSeverity())) {
            return false;
        }
        return matchers.entrySet().stream().allMatch(m -> m.getValue().equals(ChannelSpecs.matched(alert, m.getKey())));
    }

    /** The common fields and the names of the settings, never their values. */
    @Override
    public String toString() {
        return "ChannelSpec[name=" + name + ", type=" + type + ", enabled=" + enabled + ", severities="
                + new TreeSet<>(severities) + ", matchers=" + matchers + ", groupWait=" + groupWait
                + ", groupInterval=" + groupInterval + ", repeatInterval=" + repeatInterval + ", settings="
                + new TreeSet<>(config.getSettings().keySet()) + "]";
    }
}

package dev.vigil.lifecycle.view;

import dev.vigil.avro.Alert;
import dev.vigil.avro.AlertLifecycleEvent;
import dev.vigil.avro.LifecycleAction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Groups alerts into incidents and applies {@code INCIDENT_UPDATE} events to them ({@code docs/incidents.md}). Fed by
 * the same decoded alerts and lifecycle events as the alert view; both topics are keyed by agentId and
 * co-partitioned, so all of an agent's alerts and its incidents' updates reach this same task.
 *
 * <p>Three stores: {@value LifecycleTopology#INCIDENT_VIEW_STORE} (incidentId → {@link Incident}),
 * {@value LifecycleTopology#INCIDENT_CURRENT_STORE} ({@code tenantId + "\n" + agentId} → the agent's current
 * incidentId, the one a new alert may join) and {@value LifecycleTopology#INCIDENT_ALERTS_STORE} (alertId →
 * incidentId, so that a re-emitted alert stays in its incident however many alerts came since).
 *
 * <ul>
 *   <li>An alert already grouped updates its incident (severity, times) and nothing else.</li>
 *   <li>A new alert joins the agent's current incident when {@link Incident#joins} (not closed, within the gap of its
 *       latest alert); otherwise it opens an incident, which becomes the current one unless the alert is older than
 *       the current incident's latest alert (a late alert does not take the place of a newer incident).</li>
 *   <li>An update moves the status as {@link IncidentTransitions} allows; an unknown incident, a redelivery and an
 *       illegal move are counted ({@link SkippedRecords}) and passed over. Other lifecycle events are not its business.</li>
 *   <li>Retention: once an hour (wall clock) closed incidents untouched for {@link #RETENTION} are removed, with the
 *       entries of the other two stores that pointed to them. Incidents that are not closed stay.</li>
 * </ul>
 */
final class IncidentViewProcessor implements Processor<String, SpecificRecord, Void, Void> {

    static final Duration DEFAULT_GAP = Duration.ofMinutes(30);
    static final Duration RETENTION = AlertViewProcessor.RETENTION;
    static final Duration SWEEP_INTERVAL = AlertViewProcessor.SWEEP_INTERVAL;

    private static final Logger LOG = LoggerFactory.getLogger(IncidentViewProcessor.class);

    private final String node;
    private final Duration gap;
    private ProcessorContext<Void, Void> context;
    private KeyValueStore<String, Incident> incidents;
    private KeyValueStore<String, String> current;
    private KeyValueStore<String, String> grouped;
    private Sensor unknownIncident;
    private Sensor illegalTransition;
    private Sensor duplicate;
    private Sensor expired;

    IncidentViewProcessor(String node, Duration gap) {
        this.node = node;
        this.gap = gap;
    }

    /** Adds the processor {@code node} reading the decoded records of {@code parents}, with its three stores. */
    static void addTo(Topology topology, String node, Duration gap, String... parents) {
        topology.addProcessor(node, () -> new IncidentViewProcessor(node, gap), parents);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(LifecycleTopology.INCIDENT_VIEW_STORE), Serdes.String(),
                new IncidentSerde()), node);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(LifecycleTopology.INCIDENT_CURRENT_STORE), Serdes.String(),
                Serdes.String()), node);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(LifecycleTopology.INCIDENT_ALERTS_STORE), Serdes.String(),
                Serdes.String()), node);
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        this.incidents = context.getStateStore(LifecycleTopology.INCIDENT_VIEW_STORE);
        this.current = context.getStateStore(LifecycleTopology.INCIDENT_CURRENT_STORE);
        this.grouped = context.getStateStore(LifecycleTopology.INCIDENT_ALERTS_STORE);
        this.unknownIncident = SkippedRecords.UNKNOWN_INCIDENT.sensor(context, node);
        this.illegalTransition = SkippedRecords.ILLEGAL_TRANSITION.sensor(context, node);
        this.duplicate = SkippedRecords.DUPLICATE.sensor(context, node);
        this.expired = SkippedRecords.EXPIRED.sensor(context, node);
        context.schedule(SWEEP_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::removeExpired);
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        if (record.value() instanceof Alert alert) {
            applyAlert(alert);
        } else if (record.value() instanceof AlertLifecycleEvent event
                && event.getAction() == LifecycleAction.INCIDENT_UPDATE) {
            applyUpdate(event);
        }
    }

    private void applyAlert(Alert alert) {
        Optional<Incident> own = Optional.ofNullable(grouped.get(alert.getAlertId())).map(incidents::get);
        if (own.isPresent()) {
            incidents.put(own.get().incidentId(), own.get().withReEmission(alert, now()));
            return;
        }
        String agentKey = agentKey(alert.getTenantId(), alert.getAgentId());
        Incident latest = Optional.ofNullable(current.get(agentKey)).map(incidents::get).orElse(null);
        Incident next;
        if (latest != null && latest.joins(alert.getDetectedAt(), gap)) {
            next = latest.withNewAlert(alert, now());
        } else {
            next = Incident.open(alert, now());
            if (latest == null || latest.status() == IncidentStatus.CLOSED
                    || !alert.getDetectedAt().isBefore(latest.lastAlertAt())) {
                current.put(agentKey, next.incidentId());
            }
        }
        incidents.put(next.incidentId(), next);
        grouped.put(alert.getAlertId(), next.incidentId());
    }

    private void applyUpdate(AlertLifecycleEvent event) {
        String id = event.getIncidentId();
        Incident incident = id == null ? null : incidents.get(id);
        if (incident == null || !incident.tenantId().equals(event.getTenantId())) {
            unknownIncident.record();
            LOG.warn("Ignored incident update {} for incident {} of tenant {}: the view has no such incident",
                    event.getEventId(), id, event.getTenantId());
            return;
        }
        if (incident.hasApplied(event.getEventId())) {
            duplicate.record();
            return;
        }
        String statusName = event.getIncidentStatus();
        Optional<IncidentStatus> to = statusName == null ? Optional.empty() : IncidentStatus.fromWireName(statusName);
        if (statusName != null && to.isEmpty()) {
            illegalTransition.record();
            LOG.warn("Ignored incident update {} for incident {}: unknown status {}", event.getEventId(), id, statusName);
            return;
        }
        incident.after(event, to.orElse(null), now()).ifPresentOrElse(next -> incidents.put(id, next), () -> {
            illegalTransition.record();
            LOG.warn("Ignored incident update {} for incident {}: {}", event.getEventId(), id,
                    IncidentTransitions.refusal(incident.status(), to.orElse(null)).orElse("not allowed"));
        });
    }

    private void removeExpired(long wallClockMs) {
        Instant cutoff = Instant.ofEpochMilli(wallClockMs).minus(RETENTION);
        List<String> stale = new ArrayList<>();
        try (KeyValueIterator<String, Incident> all = incidents.all()) {
            while (all.hasNext()) {
                Incident incident = all.next().value;
                if (incident.status() == IncidentStatus.CLOSED && incident.updatedAt().isBefore(cutoff)) {
                    stale.add(incident.incidentId());
                }
            }
        }
        if (stale.isEmpty()) {
            return;
        }
        stale.forEach(incidents::delete);
        stale.forEach(id -> expired.record());
        removeDangling(current);
        removeDangling(grouped);
        LOG.info("Removed {} closed incidents untouched since before {}", stale.size(), cutoff);
    }

    /** Deletes the entries of {@code index} whose incident is gone. */
    private void removeDangling(KeyValueStore<String, String> index) {
        List<String> dangling = new ArrayList<>();
        try (KeyValueIterator<String, String> all = index.all()) {
            while (all.hasNext()) {
                KeyValue<String, String> entry = all.next();
                if (incidents.get(entry.value) == null) {
                    dangling.add(entry.key);
                }
            }
        }
        dangling.forEach(index::delete);
    }

    static String agentKey(String tenantId, String agentId) {
        return tenantId + "\n" + agentId;
    }

    private Instant now() {
        return Instant.ofEpochMilli(context.currentSystemTimeMs());
    }
}

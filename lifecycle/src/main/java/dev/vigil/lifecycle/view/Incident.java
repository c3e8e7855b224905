package dev.vigil.lifecycle.view;

import dev.vigil.avro.Alert;
import dev.vigil.avro.AlertLifecycleEvent;
import dev.vigil.avro.Severity;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The alerts of one agent of one tenant that came close together in time, handled as one case
 * ({@code docs/incidents.md} has the grouping rule). Bounded whatever happens to it: the newest
 * {@value #ALERT_IDS_LIMIT} alertIds (the count covers all), the newest {@value #NOTES_LIMIT} updates.
 *
 * @param severity     the highest severity among its alerts (emissions included)
 * @param alertCount   how many distinct alerts joined it
 * @param alertIds     the newest alertIds, oldest first
 * @param firstAlertAt the earliest {@code detectedAt} among its alerts
 * @param lastAlertAt  the latest {@code detectedAt} among its alerts; the grouping gap counts from it
 * @param notes        the newest applied updates, oldest first
 * @param updatedAt    the wall-clock time of the last change; the retention of a closed incident counts from it
 */
public record Incident(String incidentId, String tenantId, String agentId, IncidentStatus status, Severity severity,
                       long alertCount, List<String> alertIds, Instant firstAlertAt, Instant lastAlertAt,
                       List<IncidentNote> notes, Instant updatedAt) {

    public static final int ALERT_IDS_LIMIT = 100;
    public static final int NOTES_LIMIT = 50;
    private static final int ID_HEX_CHARS = 24;

    public Incident {
        Objects.requireNonNull(incidentId, "incidentId");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(firstAlertAt, "firstAlertAt");
        Objects.requireNonNull(lastAlertAt, "lastAlertAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        alertIds = List.copyOf(alertIds);
        notes = List.copyOf(notes);
    }

    /**
     * The id of the incident that {@code firstAlertId} opens: {@code inc_} and the first 24 hex digits of
     * SHA-256(tenant + "\n" + agent + "\n" + firstAlertId). Deterministic, so a view rebuilt from the topics names
     * its incidents as before.
     */
    public static String idOf(String tenantId, String agentId, String firstAlertId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(
                    (tenantId + "\n" + agentId + "\n" + firstAlertId).getBytes(StandardCharsets.UTF_8));
            return "inc_" + HexFormat.of().formatHex(digest).substring(0, ID_HEX_CHARS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** The incident {@code alert} opens. */
    public static Incident open(Alert alert, Instant now) {
        return new Incident(idOf(alert.getTenantId(), alert.getAgentId(), alert.getAlertId()), alert.getTenantId(),
                alert.getAgentId(), IncidentStatus.OPEN, alert.getSeverity(), 1, List.of(alert.getAlertId()),
                alert.getDetectedAt(), alert.getDetectedAt(), List.of(), now);
    }

    /**
     * Whether an alert detected at {@code detectedAt} joins this incident: it is not closed and the alert is at
     * most {@code gap} away from its latest alert (either side: an alert that arrives late still joins).
     */
    public boolean joins(Instant detectedAt, Duration gap) {
        return status != IncidentStatus.CLOSED
                && Duration.between(lastAlertAt, detectedAt).abs().compareTo(gap) <= 0;
    }

    /** This incident with one more alert. */
    public Incident withNewAlert(Alert alert, Instant now) {
        return new Incident(incidentId, tenantId, agentId, status, higher(alert.getSeverity()), alertCount + 1,
                appendBounded(alertIds, alert.getAlertId(), ALERT_IDS_LIMIT), earlier(alert.getDetectedAt()),
                later(alert.getDetectedAt()), notes, now);
    }

    /** This incident after a new emission of one of its alerts: only its severity and times may change. */
    public Incident withReEmission(Alert alert, Instant now) {
        return new Incident(incidentId, tenantId, agentId, status, higher(alert.getSeverity()), alertCount, alertIds,
                earlier(alert.getDetectedAt()), later(alert.getDetectedAt()), notes, now);
    }

    /** Whether the update with this id is already in the incident (a redelivery must not apply twice). */
    public boolean hasApplied(String eventId) {
        return notes.stream().anyMatch(n -> n.eventId().equals(eventId));
    }

    /**
     * The incident after an {@code INCIDENT_UPDATE} event moving it to {@code to} (null: a note alone), or empty when
     * {@link IncidentTransitions} does not allow it.
     */
    public Optional<Incident> after(AlertLifecycleEvent event, IncidentStatus to, Instant now) {
        if (!IncidentTransitions.allows(status, to)) {
            return Optional.empty();
        }
        return Optional.of(new Incident(incidentId, tenantId, agentId, to == null ? status : to, severity, alertCount,
                alertIds, firstAlertAt, lastAlertAt, appendBounded(notes, IncidentNote.of(event, to), NOTES_LIMIT), now));
    }

    private Severity higher(Severity other) {
        return other.compareTo(severity) > 0 ? other : severity;
    }

    private Instant earlier(Instant other) {
        return other.isBefore(firstAlertAt) ? other : firstAlertAt;
    }

    private Instant later(Instant other) {
        return other.isAfter(lastAlertAt) ? other : lastAlertAt;
    }

    private static <T> List<T> appendBounded(List<T> list, T entry, int limit) {
        List<T> longer = new ArrayList<>(list);
        longer.add(entry);
        return longer.size() <= limit ? longer : longer.subList(longer.size() - limit, longer.size());
    }
}

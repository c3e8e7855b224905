package dev.vigil.lifecycle.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.avro.Alert;
import dev.vigil.avro.AlertLifecycleEvent;
import dev.vigil.avro.LifecycleAction;
import dev.vigil.avro.Resolution;
import dev.vigil.lifecycle.Fixtures;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class StreamEventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aFirstEmissionIsAnomalyDetectedWithTheWholeAlert() throws Exception {
        Alert alert = Fixtures.alert("a-1");

        StreamEvent.Draft draft = StreamEvents.of(alert);

        assertThat(draft.type()).isEqualTo(EventType.ANOMALY_DETECTED);
        assertThat(draft.tenantId()).isEqualTo("tenant-a");
        JsonNode data = JSON.readTree(draft.data());
        assertThat(data.get("type").asText()).isEqualTo("anomaly.detected");
        assertThat(data.get("time").asText()).isEqualTo("2025-03-01T10:00:00.000Z");
        assertThat(data.get("tenantId").asText()).isEqualTo("tenant-a");
        assertThat(data.get("agentId").asText()).isEqualTo("did:web:agent-1");
        assertThat(data.get("alertId").asText()).isEqualTo("a-1");
        assertThat(data.get("alert").get("ruleId").asText()).isEqualTo("velocity_spike");
        assertThat(draft.data()).contains("\"requestsPer5m\":6.10");
    }

    @Test
    void aReEmissionIsAnomalyUpdatedWithItsOwnKey() {
        Alert alert = Fixtures.alert("a-1");
        Alert again = Fixtures.reEmitted(alert, 4, Fixtures.T0.plusSeconds(60));

        StreamEvent.Draft draft = StreamEvents.of(again);

        assertThat(draft.type()).isEqualTo(EventType.ANOMALY_UPDATED);
        assertThat(draft.key()).isNotEqualTo(StreamEvents.of(alert).key());
        assertThat(StreamEvents.of(again).key()).isEqualTo(draft.key());
    }

    @Test
    void aLifecycleEventCarriesItsActorNoteAndResolution() throws Exception {
        AlertLifecycleEvent resolve = Fixtures.resolve(Fixtures.alert("a-1"), "bob", Resolution.false_positive,
                Fixtures.T0.plusSeconds(9));

        StreamEvent.Draft draft = StreamEvents.of(resolve).orElseThrow();

        assertThat(draft.type()).isEqualTo(EventType.ALERT_RESOLVED);
        assertThat(draft.key()).isEqualTo("event/" + resolve.getEventId());
        JsonNode data = JSON.readTree(draft.data());
        assertThat(data.get("type").asText()).isEqualTo("alert.resolved");
        assertThat(data.get("time").asText()).isEqualTo("2025-03-01T10:00:09.000Z");
        assertThat(data.get("eventId").asText()).isEqualTo(resolve.getEventId());
        assertThat(data.get("actor").asText()).isEqualTo("bob");
        assertThat(data.get("note").asText()).isEqualTo("done");
        assertThat(data.get("resolution").asText()).isEqualTo("false_positive");
        assertThat(data.has("alert")).isFalse();
    }

    @Test
    void anAgentCommandHasNoAlertId() throws Exception {
        AlertLifecycleEvent halt = AlertLifecycleEvent.newBuilder(Fixtures.event(LifecycleAction.HALT,
                Fixtures.alert("a-1"), "ops", "runaway", null, Fixtures.T0)).setAlertId(null).build();

        JsonNode data = JSON.readTree(StreamEvents.of(halt).orElseThrow().data());

        assertThat(data.get("type").asText()).isEqualTo("agent.halted");
        assertThat(data.get("alertId").isNull()).isTrue();
        assertThat(data.get("agentId").asText()).isEqualTo("did:web:agent-1");
    }

    @Test
    void anIncidentUpdateIsIncidentUpdatedWithItsIncidentAndStatus() throws Exception {
        AlertLifecycleEvent update = AlertLifecycleEvent.newBuilder(Fixtures.event(LifecycleAction.INCIDENT_UPDATE,
                        Fixtures.alert("a-1"), "alice", "key revoked", null, Fixtures.T0))
                .setAlertId(null).setIncidentId("inc_0123456789abcdef01234567").setIncidentStatus("contained").build();

        StreamEvent.Draft draft = StreamEvents.of(update).orElseThrow();

        assertThat(draft.type()).isEqualTo(EventType.INCIDENT_UPDATED);
        JsonNode data = JSON.readTree(draft.data());
        assertThat(data.get("type").asText()).isEqualTo("incident.updated");
        assertThat(data.get("incidentId").asText()).isEqualTo("inc_0123456789abcdef01234567");
        assertThat(data.get("incidentStatus").asText()).isEqualTo("contained");
        assertThat(data.get("note").asText()).isEqualTo("key revoked");
        assertThat(data.get("actor").asText()).isEqualTo("alice");
        assertThat(data.get("alertId").isNull()).isTrue();
        assertThat(data.get("tenantId").asText()).isEqualTo("tenant-a");
    }

    @Test
    void aNoteAloneOnAnIncidentHasANullStatusAndAlertEventsHaveNoIncidentFields() throws Exception {
        AlertLifecycleEvent note = AlertLifecycleEvent.newBuilder(Fixtures.event(LifecycleAction.INCIDENT_UPDATE,
                Fixtures.alert("a-1"), "alice", "paged", null, Fixtures.T0))
                .setAlertId(null).setIncidentId("inc_0123456789abcdef01234567").build();
        AlertLifecycleEvent ack = Fixtures.acknowledge(Fixtures.alert("a-1"), "alice", Fixtures.T0);

        JsonNode data = JSON.readTree(StreamEvents.of(note).orElseThrow().data());

        assertThat(data.has("incidentStatus")).isTrue();
        assertThat(data.get("incidentStatus").isNull()).isTrue();
        assertThat(JSON.readTree(StreamEvents.of(ack).orElseThrow().data()).has("incidentId")).isFalse();
    }

    @ParameterizedTest
    @EnumSource(LifecycleAction.class)
    void everyKnownActionHasItsTypeAndUnknownHasNone(LifecycleAction action) {
        AlertLifecycleEvent event = Fixtures.event(action, Fixtures.alert("a-1"), "ops", null, null, Fixtures.T0);

        Map<LifecycleAction, String> expected = Map.of(LifecycleAction.ACKNOWLEDGE, "alert.acknowledged",
                LifecycleAction.RESOLVE, "alert.resolved", LifecycleAction.REOPEN, "alert.reopened",
                LifecycleAction.COMMENT, "alert.commented", LifecycleAction.ASSIGN, "alert.assigned",
                LifecycleAction.HALT, "agent.halted", LifecycleAction.RESUME, "agent.resumed",
                LifecycleAction.KILL, "agent.killed", LifecycleAction.MARK_CALIBRATED, "agent.calibrated",
                LifecycleAction.INCIDENT_UPDATE, "incident.updated");
        assertThat(StreamEvents.of(event).map(d -> d.type().wireName())).isEqualTo(Optional.ofNullable(expected.get(action)));
    }
}

package dev.vigil.lifecycle.view;

import static dev.vigil.lifecycle.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.avro.Alert;
import dev.vigil.avro.Resolution;
import dev.vigil.lifecycle.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AlertViewJsonTest {

    private final Alert alert = Alert.newBuilder(Fixtures.alert("a-1"))
            .setObserved(Map.of("costUsd", "12.500000", "odd", "1E+3")).build();

    private AlertView resolvedView() {
        AlertView acked = AlertView.open(alert, T0)
                .after(Fixtures.acknowledge(alert, "alice", T0.plusSeconds(1)), T0.plusSeconds(1)).orElseThrow();
        return acked.after(Fixtures.resolve(alert, "bob", Resolution.false_positive, T0.plusSeconds(2)),
                T0.plusSeconds(2)).orElseThrow();
    }

    @Test
    void storeBytesReadBackToTheSameView() {
        AlertView view = resolvedView();

        AlertView read = AlertViewJson.fromBytes(AlertViewJson.toBytes(view));

        assertThat(read).isEqualTo(view);
        assertThat(read.alert().getObserved()).containsEntry("costUsd", "12.500000");
    }

    @Test
    void theApiShapeCarriesStatusFieldsTheAlertAndTheHistory() {
        ObjectNode node = AlertViewJson.toNode(resolvedView(), true);

        assertThat(node.get("alertId").asText()).isEqualTo("a-1");
        assertThat(node.get("status").asText()).isEqualTo("resolved");
        assertThat(node.get("acknowledgedBy").asText()).isEqualTo("alice");
        assertThat(node.get("acknowledgedAt").asText()).isEqualTo("2025-03-01T10:00:01.000Z");
        assertThat(node.get("resolvedBy").asText()).isEqualTo("bob");
        assertThat(node.get("resolution").asText()).isEqualTo("false_positive");
        assertThat(node.get("note").asText()).isEqualTo("done");
        assertThat(node.get("alert").get("severity").asText()).isEqualTo("high");
        assertThat(node.get("alert").get("observed").get("costUsd").toString()).isEqualTo("12.500000");
        assertThat(node.get("history")).hasSize(2);
        assertThat(node.get("history").get(0).get("action").asText()).isEqualTo("ACKNOWLEDGE");
        assertThat(node.get("history").get(1).get("resolution").asText()).isEqualTo("false_positive");
    }

    @Test
    void listsLeaveTheHistoryOut() {
        assertThat(AlertViewJson.toNode(resolvedView(), false).has("history")).isFalse();
    }

    @Test
    void anOpenViewWritesItsAbsentFieldsAsNull() {
        ObjectNode node = AlertViewJson.toNode(AlertView.open(alert, T0), true);

        assertThat(node.get("acknowledgedAt").isNull()).isTrue();
        assertThat(node.get("resolution").isNull()).isTrue();
        assertThat(node.get("history")).isEmpty();
    }

    @Test
    void bytesThatAreNoViewAreASerializationExceptionFromTheSerde() {
        byte[] garbage = "{\"status\":\"sleeping\"}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> AlertViewJson.fromBytes("not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AlertViewSerde().deserializer().deserialize("changelog", garbage))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("changelog")
                .hasMessageContaining("bad status");
    }

    @Test
    void theSerdeCarriesNullAsNull() {
        AlertViewSerde serde = new AlertViewSerde();

        assertThat(serde.serializer().serialize("t", null)).isNull();
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
    }
    @Test
    void theAssigneeIsWrittenAndReadBackAndAViewStoredWithoutItReadsAsUnassigned() {
        AlertView assigned = AlertView.open(alert, T0).after(dev.vigil.avro.AlertLifecycleEvent.newBuilder(
                Fixtures.event(dev.vigil.avro.LifecycleAction.ASSIGN, alert, "lead", null, null, T0.plusSeconds(1)))
                .setAssignee("dave").build(), T0.plusSeconds(1)).orElseThrow();

        ObjectNode node = AlertViewJson.toNode(assigned, true);
        assertThat(node.get("assignee").asText()).isEqualTo("dave");
        assertThat(node.get("history").get(0).get("assignee").asText()).isEqualTo("dave");
        assertThat(AlertViewJson.fromBytes(AlertViewJson.toBytes(assigned))).isEqualTo(assigned);

        AlertView resolved = resolvedView();
        ObjectNode older = AlertViewJson.toNode(resolved, true);
        older.remove("assignee");
        older.withArray("history").forEach(h -> ((ObjectNode) h).remove("assignee"));
        AlertView read = AlertViewJson.fromBytes(older.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(read.assignee()).isNull();
        assertThat(read).isEqualTo(resolved);
    }
}

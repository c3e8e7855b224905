package dev.vigil.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class AttackLabelTest {

    private static final AttackLabel LABEL = new AttackLabel("did:web:agents.acme.example:bot-3", "velocity_spike",
            Instant.parse("2025-03-04T10:00:00Z"), Instant.parse("2025-03-04T10:04:30.5Z"), "312 requests in 4.5 min");

    @Test
    void writesOneObjectWithMillisecondUtcTimestamps() {
        assertThat(LABEL.toJson()).isEqualTo("{\"agentId\":\"did:web:agents.acme.example:bot-3\",\"rule\":\"velocity_spike\","
                + "\"start\":\"2025-03-04T10:00:00.000Z\",\"end\":\"2025-03-04T10:04:30.500Z\","
                + "\"description\":\"312 requests in 4.5 min\"}");
    }

    @Test
    void readsBackWhatItWrites() {
        assertThat(AttackLabel.fromJson(LABEL.toJson())).isEqualTo(LABEL);
    }

    @Test
    void acceptsAnyRfc3339OffsetAndAMissingDescription() {
        AttackLabel label = AttackLabel.fromJson("{\"agentId\":\"a\",\"rule\":\"r\",\"start\":\"2025-03-04T12:00:00+02:00\","
                + "\"end\":\"2025-03-04T10:01:00Z\",\"extra\":1}");

        assertThat(label.start()).isEqualTo(Instant.parse("2025-03-04T10:00:00Z"));
        assertThat(label.description()).isEmpty();
    }

    @Test
    void namesTheMissingField() {
        assertThatThrownBy(() -> AttackLabel.fromJson("{\"agentId\":\"a\",\"start\":\"2025-03-04T10:00:00Z\",\"end\":\"2025-03-04T10:00:00Z\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'rule'");
    }

    @Test
    void namesTheFieldWithABadTimestamp() {
        assertThatThrownBy(() -> AttackLabel.fromJson("{\"agentId\":\"a\",\"rule\":\"r\",\"start\":\"yesterday\",\"end\":\"2025-03-04T10:00:00Z\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'start'").hasMessageContaining("yesterday");
    }

    @Test
    void rejectsTextThatIsNotAJsonObject() {
        assertThatThrownBy(() -> AttackLabel.fromJson("{not json")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not JSON");
        assertThatThrownBy(() -> AttackLabel.fromJson("[1,2]")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a JSON object");
    }

    @Test
    void rejectsALabelThatEndsBeforeItStarts() {
        assertThatThrownBy(() -> AttackLabel.fromJson("{\"agentId\":\"a\",\"rule\":\"r\",\"start\":\"2025-03-04T10:00:00Z\","
                + "\"end\":\"2025-03-04T09:00:00Z\"}")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("before its start");
    }
}

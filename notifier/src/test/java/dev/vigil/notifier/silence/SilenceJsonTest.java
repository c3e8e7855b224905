package dev.vigil.notifier.silence;

import static dev.vigil.notifier.silence.SilenceSpecTest.NOW;
import static dev.vigil.notifier.silence.SilenceSpecTest.assertField;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.avro.Silence;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SilenceJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void aSubmissionTakesTheIdTheStartAndTheAuthorFromTheContextWhenAbsent() throws Exception {
        Silence record = SilenceJson.fromJson(json("""
                {"matchers": {"agentId": "did:web:x"}, "endsAt": "2026-11-20T12:00:00Z", "comment": "deploy"}
                """), NOW.plusNanos(123_456_789), "alice");

        assertThat(UUID.fromString(record.getSilenceId())).isNotNull();
        assertThat(record.getStartsAt()).isEqualTo(NOW.plusMillis(123));
        assertThat(record.getCreatedAt()).isEqualTo(NOW.plusMillis(123));
        assertThat(record.getCreatedBy()).isEqualTo("alice");
        assertThat(record.getEndsAt()).isEqualTo(Instant.parse("2026-11-20T12:00:00Z"));
        assertThat(record.getMatchers()).containsOnly(Map.entry("agentId", "did:web:x"));
        assertThat(record.getComment()).isEqualTo("deploy");
    }

    @Test
    void givenValuesAreKeptAndAnOffsetIsReadAsTheInstantItNames() throws Exception {
        Silence record = SilenceJson.fromJson(json("""
                {"silenceId": "night-batch", "matchers": {"ruleId": "off_hours_activity"},
                 "startsAt": "2026-11-20T23:00:00.250+01:00", "endsAt": "2026-11-21T06:00:00Z",
                 "createdBy": "ops-bot", "comment": "nightly batch"}
                """), NOW, "alice");

        assertThat(record.getSilenceId()).isEqualTo("night-batch");
        assertThat(record.getStartsAt()).isEqualTo(Instant.parse("2026-11-20T22:00:00.250Z"));
        assertThat(record.getCreatedBy()).isEqualTo("ops-bot");
    }

    @Test
    void theJsonOfASilenceReadsBackAsTheSameSilence() throws Exception {
        SilenceSpec spec = SilenceSpec.fromRecord(SilenceSpecTest.silence(Map.of("severity", "low", "tenantId", "t1"))
                .setStartsAt(NOW.plusMillis(5)).build());

        JsonNode written = SilenceJson.toJson(spec);

        assertThat(written.toString()).isEqualTo("{\"silenceId\":\"s-1\",\"matchers\":{\"severity\":\"low\","
                + "\"tenantId\":\"t1\"},\"startsAt\":\"2026-11-20T10:00:00.005Z\",\"endsAt\":\"2026-11-20T12:00:00.000Z\","
                + "\"createdBy\":\"alice\",\"comment\":\"maintenance window CHG-1234\","
                + "\"createdAt\":\"2026-11-20T10:00:00.000Z\"}");
        Silence again = SilenceJson.fromJson(written, NOW, "bob");
        assertThat(SilenceSpec.fromRecord(again)).isEqualTo(spec);
    }

    @Test
    void aSilenceAsReadWithItsStateCanBePostedAgain() throws Exception {
        SilenceSpec spec = SilenceSpec.fromRecord(SilenceSpecTest.silence().build());
        JsonNode read = SilenceJson.toJson(spec).put("state", "active");

        Silence again = SilenceJson.fromJson(read, NOW.plus(Duration.ofHours(1)), "bob");

        assertThat(again.getCreatedAt()).as("createdAt is the service's").isEqualTo(NOW.plus(Duration.ofHours(1)));
        assertThat(again.getMatchers()).isEqualTo(spec.matchers());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"matchers\": {\"agentId\": \"a\"}, \"comment\": \"c\"}                                   | endsAt    | is required",
            "{\"matchers\": {\"agentId\": \"a\"}, \"endsAt\": \"tomorrow\", \"comment\": \"c\"}         | endsAt    | must be an RFC 3339 time",
            "{\"matchers\": {\"agentId\": \"a\"}, \"endsAt\": \"2026-11-21T00:00:00\", \"comment\": \"c\"} | endsAt | must be an RFC 3339 time",
            "{\"matchers\": {\"agentId\": \"a\"}, \"startsAt\": 5, \"endsAt\": \"2026-11-21T00:00:00Z\"} | startsAt | must be a string",
            "{\"matchers\": [\"agentId\"], \"endsAt\": \"2026-11-21T00:00:00Z\"}                        | matchers  | must be an object",
            "{\"matchers\": {\"agentId\": 7}, \"endsAt\": \"2026-11-21T00:00:00Z\"}                     | matchers.agentId | must be a string",
            "{\"matcher\": {\"agentId\": \"a\"}, \"endsAt\": \"2026-11-21T00:00:00Z\"}                  | matcher   | is not a field of a silence",
            "{\"matchers\": {\"agentId\": \"a\"}, \"endsAt\": \"2026-11-21T00:00:00Z\", \"silenceId\": 1} | silenceId | must be a string",
    })
    void aWrongJsonTypeIsRefusedNamingTheField(String body, String field, String reason) throws Exception {
        assertField(() -> SilenceJson.fromJson(json(body), NOW, "alice"), field, reason);
    }

    @Test
    void aMissingCommentIsLeftForTheValidationToName() throws Exception {
        Silence record = SilenceJson.fromJson(json("{\"matchers\": {\"agentId\": \"a\"}, \"endsAt\": \"2026-11-21T00:00:00Z\"}"),
                NOW, "alice");

        assertField(() -> SilenceSpec.submitted(record, NOW, Duration.ofDays(7)), "comment", "is required");
    }
}

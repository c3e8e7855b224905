package dev.vigil.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.avro.Alert;
import dev.vigil.avro.Evidence;
import dev.vigil.avro.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class AlertJsonTest {

    private static final String GOLDEN = "{\"alertId\":\"a-1\",\"ruleId\":\"velocity_spike\",\"ruleVersion\":null,"
            + "\"ruleName\":\"Velocity spike\",\"category\":\"behaviour\",\"severity\":\"high\",\"score\":80,"
            + "\"calibrating\":false,\"tenantId\":\"t1\",\"agentId\":\"did:web:a\",\"principalId\":null,"
            + "\"description\":\"42 requests in 5 minutes, 3.5 times the usual 12.000\","
            + "\"observed\":{\"cost\":0.080000,\"requests\":42},\"baseline\":{\"ratio\":3.5,\"requests\":12.000},"
            + "\"windowStart\":\"2026-11-20T10:10:00.000Z\",\"windowEnd\":\"2026-11-20T10:15:00.000Z\","
            + "\"evidence\":{\"eventIds\":[\"e-1\",\"e-2\"],\"topic\":\"vigil.events.v1\",\"partition\":3,"
            + "\"firstOffset\":100,\"lastOffset\":141},"
            + "\"suggestedAction\":\"Check the agent's recent tool calls.\",\"attack\":\"T1496\",\"occurrences\":1,"
            + "\"firstSeen\":\"2026-11-20T10:14:59.001Z\",\"lastSeen\":\"2026-11-20T10:14:59.001Z\","
            + "\"detectedAt\":\"2026-11-20T10:14:59.001Z\",\"channels\":[]}";

    private static Alert alert(Map<String, String> observed, Map<String, String> baseline) {
        Instant seen = Instant.parse("2026-11-20T10:14:59.001Z");
        return Alert.newBuilder().setAlertId("a-1").setRuleId("velocity_spike").setRuleVersion(null)
                .setRuleName("Velocity spike").setCategory("behaviour").setSeverity(Severity.high).setScore(80)
                .setCalibrating(false).setTenantId("t1").setAgentId("did:web:a").setPrincipalId(null)
                .setDescription("42 requests in 5 minutes, 3.5 times the usual 12.000")
                .setObserved(observed).setBaseline(baseline)
                .setWindowStart(Instant.parse("2026-11-20T10:10:00Z")).setWindowEnd(Instant.parse("2026-11-20T10:15:00Z"))
                .setEvidence(Evidence.newBuilder().setEventIds(List.of("e-1", "e-2")).setTopic("vigil.events.v1")
                        .setPartition(3).setFirstOffset(100L).setLastOffset(141L).build())
                .setSuggestedAction("Check the agent's recent tool calls.").setAttack("T1496").setOccurrences(1)
                .setFirstSeen(seen).setLastSeen(seen).setDetectedAt(seen).setChannels(new ArrayList<>())
                .build();
    }

    private static Alert sample() {
        return alert(ordered("requests", "42", "cost", "0.080000"), ordered("requests", "12.000", "ratio", "3.5"));
    }

    private static Map<String, String> ordered(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    @Test
    void writesTheContractInSchemaOrderWithNumbersNullsAndMillisecondTimestamps() {
        assertThat(AlertJson.write(sample())).isEqualTo(GOLDEN);
    }

    @Test
    void writesEveryAvroFieldInTheSchemaOrder() {
        List<String> names = new ArrayList<>();
        AlertJson.toNode(sample()).fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactlyElementsOf(
                Alert.getClassSchema().getFields().stream().map(Schema.Field::name).toList());
    }

    @Test
    void equalAlertsGiveByteIdenticalJsonWhateverTheOrderOfTheirFigures() {
        Alert reversed = alert(ordered("cost", "0.080000", "requests", "42"), ordered("ratio", "3.5", "requests", "12.000"));
        assertThat(reversed).isEqualTo(sample());
        assertThat(AlertJson.write(reversed)).isEqualTo(AlertJson.write(sample()));
    }

    @Test
    void parseIsTheInverseOfWrite() {
        assertThat(AlertJson.parse(AlertJson.write(sample()))).isEqualTo(sample());
        assertThat(AlertJson.write(AlertJson.parse(GOLDEN))).isEqualTo(GOLDEN);
    }

    @Test
    void figuresKeepTheirExactDecimalTextThroughJson() {
        Map<String, String> figures = ordered("big", "123456789012345678901234567890.000000000000000000001",
                "tiny", "0.0000001", "negative", "-2.50", "zero", "0");
        Alert alert = alert(figures, Map.of());
        String json = AlertJson.write(alert);

        assertThat(json).contains("\"big\":123456789012345678901234567890.000000000000000000001",
                "\"tiny\":0.0000001", "\"negative\":-2.50", "\"zero\":0");
        assertThat(AlertJson.parse(json).getObserved()).isEqualTo(figures);
    }

    @Test
    void aFigureThatIsNotPlainDecimalTextStaysAStringAndSurvives() {
        Map<String, String> figures = ordered("nan", "NaN", "exponent", "1E+3", "plus", "+1", "negativeZero", "-0");
        String json = AlertJson.write(alert(figures, Map.of()));

        assertThat(json).contains("\"nan\":\"NaN\"", "\"exponent\":\"1E+3\"", "\"plus\":\"+1\"", "\"negativeZero\":\"-0\"");
        assertThat(AlertJson.parse(json).getObserved()).isEqualTo(figures);
    }

    @Test
    void parseAcceptsAnyRfc3339OffsetAndNormalizesToUtcMillis() {
        String json = GOLDEN.replace("\"detectedAt\":\"2026-11-20T10:14:59.001Z\"",
                "\"detectedAt\":\"2026-11-20T11:14:59.001999+01:00\"");
        assertThat(AlertJson.parse(json).getDetectedAt()).isEqualTo(Instant.parse("2026-11-20T10:14:59.001Z"));
    }

    @Test
    void optionalFieldsMayBeLeftOutAndTakeTheirDefaults() {
        ObjectNode node = AlertJson.toNode(sample());
        node.remove(List.of("ruleVersion", "calibrating", "principalId", "observed", "baseline", "attack",
                "occurrences", "channels"));
        Alert parsed = AlertJson.parse(node.toString());
        assertThat(parsed.getCalibrating()).isFalse();
        assertThat(parsed.getOccurrences()).isEqualTo(1);
        assertThat(parsed.getObserved()).isEmpty();
        assertThat(parsed.getChannels()).isEmpty();
    }

    @Test
    void aMissingRequiredFieldIsNamed() {
        ObjectNode node = AlertJson.toNode(sample());
        node.remove("ruleName");
        assertThatThrownBy(() -> AlertJson.parse(node.toString()))
                .isInstanceOfSatisfying(IngestException.class, e -> assertThat(e.field()).isEqualTo("ruleName"))
                .hasMessage("field 'ruleName': is required");
    }

    @Test
    void anUnknownSeveritySaysWhichAreAllowed() {
        assertThatThrownBy(() -> AlertJson.parse(GOLDEN.replace("\"high\"", "\"HIGH\"")))
                .hasMessage("field 'severity': must be one of low, medium, high, critical: \"HIGH\"");
    }

    @Test
    void aBadTimestampIsNamedWithItsValue() {
        assertThatThrownBy(() -> AlertJson.parse(GOLDEN.replace("2026-11-20T10:10:00.000Z", "2026-13-01")))
                .hasMessage("field 'windowStart': not an RFC 3339 timestamp: \"2026-13-01\"");
    }

    @Test
    void aFigureThatIsNeitherNumberNorStringIsNamedByItsPath() {
        assertThatThrownBy(() -> AlertJson.parse(GOLDEN.replace("\"requests\":42", "\"requests\":true")))
                .isInstanceOfSatisfying(IngestException.class, e -> assertThat(e.field()).isEqualTo("observed.requests"));
    }

    @Test
    void aBadEvidenceFieldIsNamedByItsPath() {
        assertThatThrownBy(() -> AlertJson.parse(GOLDEN.replace("\"partition\":3", "\"partition\":\"3\"")))
                .hasMessage("field 'evidence.partition': must be an integer: \"3\"");
        assertThatThrownBy(() -> AlertJson.parse(GOLDEN.replace("\"evidence\":{", "\"evidence\":[{").replace("141}", "141}]")))
                .hasMessageStartingWith("field 'evidence': must be an object");
    }

    @Test
    void textThatIsNotAJsonObjectIsRejectedWithoutAField() {
        assertThatThrownBy(() -> AlertJson.parse("{\"alertId\":"))
                .isInstanceOfSatisfying(IngestException.class, e -> assertThat(e.field()).isNull())
                .hasMessageStartingWith("not valid JSON");
        assertThatThrownBy(() -> AlertJson.parse("[1]")).hasMessage("not a JSON object: [1]");
    }
}

package dev.vigil.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.AuthorizationAction;
import dev.vigil.avro.AuthorizationPayload;
import dev.vigil.avro.Capability;
import dev.vigil.avro.DelegationAction;
import dev.vigil.avro.DelegationPayload;
import dev.vigil.avro.DelegationRef;
import dev.vigil.avro.Geo;
import dev.vigil.avro.Outcome;
import dev.vigil.avro.ReceiptPayload;
import dev.vigil.avro.ToolCallPayload;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class EventJsonTest {

    static final String COMMON = "\"eventId\":\"e-1\",\"tenantId\":\"t1\",\"agentId\":\"did:web:a\","
            + "\"occurredAt\":\"2026-11-20T10:15:30.123Z\",\"outcome\":\"success\"";
    static final String TOOL_CALL = "{\"type\":\"tool_call\"," + COMMON + ",\"tool\":\"github\",\"capability\":\"write\"}";
    static final String RECEIPT = "{\"type\":\"receipt\"," + COMMON
            + ",\"receiptId\":\"r-1\",\"provider\":\"openai\",\"model\":\"gpt-4o\",\"costUsd\":0.08}";
    static final String AUTHORIZATION = "{\"type\":\"authorization\"," + COMMON + ",\"action\":\"token_request\"}";
    static final String DELEGATION = "{\"type\":\"delegation\"," + COMMON
            + ",\"action\":\"create\",\"childAgentId\":\"did:web:b\",\"depth\":1}";

    private static AgentEvent.Builder common() {
        return AgentEvent.newBuilder().setEventId("e-1").setTenantId("t1").setAgentId("did:web:a")
                .setPrincipalId("alice@example.com").setOccurredAt(Instant.parse("2026-11-20T10:15:30.123Z"))
                .setSourceIp("203.0.113.7").setGeo(new Geo("US", "CA")).setOutcome(Outcome.denied);
    }

    static Stream<AgentEvent> everyType() {
        return Stream.of(
                common().setPayload(new AuthorizationPayload(AuthorizationAction.token_exchange, "g-1", "jti-1",
                        List.of("repo:read", "email:send"), new DelegationRef("did:web:parent", 2), 14L)).build(),
                common().setGeo(null).setPayload(new AuthorizationPayload(AuthorizationAction.revoke, null, null,
                        List.of(), null, null)).build(),
                common().setPayload(new ToolCallPayload("github", Capability.admin, "repo:delete", "org/repo",
                        1L, 2L, 3L, 4L, 5L, "g-1", "jti-1")).build(),
                common().setPrincipalId(null).setSourceIp(null).setGeo(new Geo(null, null)).setPayload(new ToolCallPayload(
                        "shell", Capability.read, null, null, null, null, null, null, null, null, null)).build(),
                common().setPayload(new ReceiptPayload("r-1", "anthropic", "claude", 1200L, 300L,
                        new BigDecimal("123456789012.123456"), "b-1", "k1", "c2ln")).build(),
                common().setPayload(new DelegationPayload(DelegationAction.revoke, "did:web:child", 3)).build());
    }

    @ParameterizedTest
    @MethodSource("everyType")
    void parseOfWriteGivesTheSameEvent(AgentEvent event) {
        assertThat(EventJson.parse(EventJson.write(event))).isEqualTo(event);
    }

    @Test
    void writesEveryFieldOfTheTypeInAStableOrderWithNullsAndExactCost() {
        AgentEvent receipt = common().setPayload(new ReceiptPayload("r-1", "openai", "gpt-4o", 100L, 20L,
                new BigDecimal("0.080000"), null, "k1", null)).build();
        assertThat(EventJson.write(receipt)).isEqualTo("{\"type\":\"receipt\",\"eventId\":\"e-1\",\"tenantId\":\"t1\","
                + "\"agentId\":\"did:web:a\",\"principalId\":\"alice@example.com\",\"occurredAt\":\"2026-11-20T10:15:30.123Z\","
                + "\"sourceIp\":\"203.0.113.7\",\"geo\":{\"country\":\"US\",\"region\":\"CA\"},\"outcome\":\"denied\","
                + "\"receiptId\":\"r-1\",\"provider\":\"openai\",\"model\":\"gpt-4o\",\"inputTokens\":100,\"outputTokens\":20,"
                + "\"costUsd\":0.080000,\"budgetId\":null,\"keyId\":\"k1\",\"signature\":null}");
    }

    @Test
    void writesAuthorizationDelegationAsAnObjectAndScopesAsAnArray() {
        AgentEvent event = everyType().findFirst().orElseThrow();
        assertThat(EventJson.write(event)).endsWith("\"outcome\":\"denied\",\"action\":\"token_exchange\",\"grantId\":\"g-1\","
                + "\"tokenJti\":\"jti-1\",\"scopes\":[\"repo:read\",\"email:send\"],"
                + "\"delegation\":{\"parentAgentId\":\"did:web:parent\",\"depth\":2},\"latencyMs\":14}");
    }

    @Test
    void readsTheMinimalLineOfEachTypeWithDefaults() {
        ToolCallPayload tool = (ToolCallPayload) EventJson.parse(TOOL_CALL).getPayload();
        assertThat(tool.getCapability()).isEqualTo(Capability.write);
        assertThat(tool.getBytesRead()).isNull();

        AgentEvent receiptEvent = EventJson.parse(RECEIPT);
        assertThat(receiptEvent.getPrincipalId()).isNull();
        assertThat(receiptEvent.getGeo()).isNull();
        ReceiptPayload receipt = (ReceiptPayload) receiptEvent.getPayload();
        assertThat(receipt.getInputTokens()).isZero();
        assertThat(receipt.getCostUsd()).isEqualTo(new BigDecimal("0.080000"));

        AuthorizationPayload authorization = (AuthorizationPayload) EventJson.parse(AUTHORIZATION).getPayload();
        assertThat(authorization.getScopes()).isEmpty();
        assertThat(authorization.getDelegation()).isNull();

        assertThat(((DelegationPayload) EventJson.parse(DELEGATION).getPayload()).getDepth()).isEqualTo(1);
    }

    @Test
    void ignoresUnknownFieldsAndFieldsOfOtherTypes() {
        AgentEvent event = EventJson.parse(TOOL_CALL.replace("{", "{\"x-trace\":{\"id\":[1,2]},\"costUsd\":\"oops\","));
        assertThat(EventJson.parse(TOOL_CALL)).isEqualTo(event);
    }

    @Test
    void typeNamesTheIngestTypeOfAnEvent() {
        assertThat(everyType().map(EventJson::type).distinct())
                .containsExactly("authorization", "tool_call", "receipt", "delegation");
    }

    @ParameterizedTest
    @CsvSource({
            "2026-11-20T11:15:30.123+01:00, 2026-11-20T10:15:30.123Z",
            "2026-11-20T05:45:30-04:30,     2026-11-20T10:15:30Z",
            "2026-11-20t10:15:30.123456789z, 2026-11-20T10:15:30.123Z",
            "2026-11-20T10:15:30.9999Z,     2026-11-20T10:15:30.999Z",
            "2026-11-20T00:15:30+00:00,     2026-11-20T00:15:30Z"})
    void occurredAtTakesAnyRfc3339OffsetAsUtcMillis(String text, String expected) {
        AgentEvent event = EventJson.parse(TOOL_CALL.replace("2026-11-20T10:15:30.123Z", text));
        assertThat(event.getOccurredAt()).isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-13-01", "2026-11-20T10:15Z", "2026-11-20T10:15:30", "2026-11-20 10:15:30Z",
            "2026-02-30T10:15:30Z", "2026-11-20T25:15:30Z", "1763633730123", "2026-11-20T10:15:30.1234567890Z"})
    void occurredAtThatIsNotRfc3339IsRejectedWithItsValue(String text) {
        assertThatThrownBy(() -> EventJson.parse(TOOL_CALL.replace("2026-11-20T10:15:30.123Z", text)))
                .hasMessage("field 'occurredAt': not an RFC 3339 timestamp: \"" + text + "\"");
    }

    @Test
    void occurredAtAsANumberIsRejected() {
        assertThatThrownBy(() -> EventJson.parse(TOOL_CALL.replace("\"2026-11-20T10:15:30.123Z\"", "1763633730123")))
                .hasMessage("field 'occurredAt': not an RFC 3339 timestamp: 1763633730123");
    }

    static Stream<Arguments> requiredFields() {
        return Stream.of(
                Arguments.of(TOOL_CALL, "type"), Arguments.of(TOOL_CALL, "eventId"), Arguments.of(TOOL_CALL, "tenantId"),
                Arguments.of(TOOL_CALL, "agentId"), Arguments.of(TOOL_CALL, "occurredAt"), Arguments.of(TOOL_CALL, "outcome"),
                Arguments.of(TOOL_CALL, "tool"), Arguments.of(TOOL_CALL, "capability"),
                Arguments.of(RECEIPT, "receiptId"), Arguments.of(RECEIPT, "provider"), Arguments.of(RECEIPT, "model"),
                Arguments.of(RECEIPT, "costUsd"),
                Arguments.of(DELEGATION, "action"), Arguments.of(DELEGATION, "childAgentId"), Arguments.of(DELEGATION, "depth"),
                Arguments.of(AUTHORIZATION, "action"));
    }

    @ParameterizedTest(name = "{1} in {0}")
    @MethodSource("requiredFields")
    void aMissingOrNullRequiredFieldIsNamed(String line, String field) {
        ObjectNode node = (ObjectNode) Json.parseObject(line);
        node.remove(field);
        assertThatThrownBy(() -> EventJson.parse(node.toString()))
                .isInstanceOfSatisfying(IngestException.class, e -> assertThat(e.field()).isEqualTo(field))
                .hasMessage("field '" + field + "': is required");
        node.putNull(field);
        assertThatThrownBy(() -> EventJson.parse(node.toString())).hasMessage("field '" + field + "': is required");
    }

    @Test
    void aBlankIdIsRejected() {
        assertThatThrownBy(() -> EventJson.parse(TOOL_CALL.replace("\"e-1\"", "\" \"")))
                .hasMessage("field 'eventId': must not be blank");
    }

    @Test
    void aStringFieldHoldingANumberIsRejected() {
        assertThatThrownBy(() -> EventJson.parse(TOOL_CALL.replace("\"t1\"", "7")))
                .hasMessage("field 'tenantId': must be a string: 7");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"type\":\"tool_call\"      | \"type\":\"toolcall\"    | field 'type': must be one of authorization, tool_call, receipt, delegation: \"toolcall\"",
            "\"outcome\":\"success\"     | \"outcome\":\"ok\"       | field 'outcome': must be one of success, denied, error: \"ok\"",
            "\"capability\":\"write\"    | \"capability\":\"WRITE\" | field 'capability': must be one of read, write, delete, admin: \"WRITE\"",
            "\"capability\":\"write\"    | \"capability\":2        | field 'capability': must be one of read, write, delete, admin: 2"})
    void anEnumValueOutsideTheListSaysWhichAreAllowed(String from, String to, String message) {
        assertThatThrownBy(() -> EventJson.parse(TOOL_CALL.replace(from, to))).hasMessage(message);
    }

    @Test
    void anAuthorizationOrDelegationActionOutsideTheListSaysWhichAreAllowed() {
        assertThatThrownBy(() -> EventJson.parse(AUTHORIZATION.replace("token_request", "login")))
                .hasMessage("field 'action': must be one of token_request, token_exchange, authorize, introspect, revoke: \"login\"");
        assertThatThrownBy(() -> EventJson.parse(DELEGATION.replace("create", "grant")))
                .hasMessage("field 'action': must be one of create, revoke: \"grant\"");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0.08         | 0.080000",
            "\"0.08\"     | 0.080000",
            "0.1          | 0.100000",
            "3            | 3.000000",
            "\"1.500000\" | 1.500000",
            "0.0800000    | 0.080000",
            "1e2          | 100.000000",
            "999999999999.999999 | 999999999999.999999",
            "0            | 0.000000"})
    void costUsdTakesANumberOrAStringExactlyAtScaleSix(String json, String expected) {
        ReceiptPayload receipt = (ReceiptPayload) EventJson.parse(RECEIPT.replace("0.08}", json + "}")).getPayload();
        assertThat(receipt.getCostUsd()).isEqualTo(new BigDecimal(expected));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0.0800001          | field 'costUsd': has more than 6 decimals: 0.0800001",
            "\"0.0800001\"      | field 'costUsd': has more than 6 decimals: \"0.0800001\"",
            "-0.01              | field 'costUsd': must not be negative: -0.01",
            "\"eight cents\"    | field 'costUsd': not a decimal number: \"eight cents\"",
            "\"\"               | field 'costUsd': not a decimal number: \"\"",
            "true               | field 'costUsd': must be a decimal number or a string holding one: true",
            "1000000000000      | field 'costUsd': is too large (at most 12 integer digits): 1000000000000",
            "\"1e999999999\"    | field 'costUsd': is too large (at most 12 integer digits): \"1e999999999\""})
    void costUsdThatIsNotAnExactAmountIsRejected(String json, String message) {
        assertThatThrownBy(() -> EventJson.parse(RECEIPT.replace("0.08}", json + "}"))).hasMessage(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "12.5       | field 'latencyMs': must be an integer: 12.5",
            "12.0       | field 'latencyMs': must be an integer: 12.0",
            "\"12\"     | field 'latencyMs': must be an integer: \"12\"",
            "-1         | field 'latencyMs': must be between 0 and 9223372036854775807: -1",
            "9223372036854775808 | field 'latencyMs': must be between 0 and 9223372036854775807: 9223372036854775808"})
    void integerFieldsRejectFractionsStringsAndNegatives(String json, String message) {
        assertThatThrownBy(() -> EventJson.parse(TOOL_CALL.replace("}", ",\"latencyMs\":" + json + "}"))).hasMessage(message);
    }

    @Test
    void anIntFieldOutsideTheIntRangeIsRejected() {
        assertThatThrownBy(() -> EventJson.parse(DELEGATION.replace("\"depth\":1", "\"depth\":2147483648")))
                .hasMessage("field 'depth': must be between 0 and 2147483647: 2147483648");
    }

    @Test
    void scopesMustBeAnArrayOfStrings() {
        assertThatThrownBy(() -> EventJson.parse(AUTHORIZATION.replace("}", ",\"scopes\":\"repo:read\"}")))
                .hasMessage("field 'scopes': must be an array of strings: \"repo:read\"");
        assertThatThrownBy(() -> EventJson.parse(AUTHORIZATION.replace("}", ",\"scopes\":[\"repo:read\",7]}")))
                .isInstanceOfSatisfying(IngestException.class, e -> assertThat(e.field()).isEqualTo("scopes[1]"))
                .hasMessage("field 'scopes[1]': must be a string: 7");
    }

    @Test
    void aDelegationReferenceIsCheckedByItsPath() {
        assertThatThrownBy(() -> EventJson.parse(AUTHORIZATION.replace("}", ",\"delegation\":{\"parentAgentId\":\"p\"}}")))
                .hasMessage("field 'delegation.depth': is required");
        assertThatThrownBy(() -> EventJson.parse(AUTHORIZATION.replace("}", ",\"delegation\":\"p\"}")))
                .hasMessage("field 'delegation': must be an object or null: \"p\"");
    }

    @Test
    void geoIsAnObjectOrNull() {
        assertThat(EventJson.parse(TOOL_CALL.replace("}", ",\"geo\":null}")).getGeo()).isNull();
        assertThat(EventJson.parse(TOOL_CALL.replace("}", ",\"geo\":{\"country\":\"DE\"}}")).getGeo())
                .isEqualTo(new Geo("DE", null));
        assertThatThrownBy(() -> EventJson.parse(TOOL_CALL.replace("}", ",\"geo\":\"DE\"}")))
                .hasMessage("field 'geo': must be an object or null: \"DE\"");
        assertThatThrownBy(() -> EventJson.parse(TOOL_CALL.replace("}", ",\"geo\":{\"country\":49}}")))
                .hasMessage("field 'geo.country': must be a string: 49");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "{", "[]", "null", "42", "\"event\"", "{\"type\":\"tool_call\"}{}", "{'type':'x'}"})
    void textThatIsNotOneJsonObjectIsRejectedWithoutAField(String text) {
        assertThatThrownBy(() -> EventJson.parse(text))
                .isInstanceOfSatisfying(IngestException.class, e -> assertThat(e.field()).isNull())
                .message().matches("not valid JSON.*|not a JSON object: .*");
    }

    @Test
    void aDuplicatedFieldIsRejectedRatherThanOneOfItsValuesChosen() {
        assertThatThrownBy(() -> EventJson.parse(RECEIPT.replace("}", ",\"costUsd\":0.01}")))
                .isInstanceOfSatisfying(IngestException.class, e -> assertThat(e.field()).isNull())
                .hasMessageContaining("not valid JSON").hasMessageContaining("costUsd");
    }
}

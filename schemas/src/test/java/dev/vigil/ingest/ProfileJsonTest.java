package dev.vigil.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.avro.AgentProfile;
import dev.vigil.avro.Budget;
import dev.vigil.avro.OperatingWindow;
import dev.vigil.avro.Weekday;
import dev.vigil.receipt.Ed25519Keys;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ProfileJsonTest {

    private static final String KEY_1 = Ed25519Keys.encodePublic(
            Ed25519Keys.fromSeed("profile-key-one-0123456789abcdef".getBytes(StandardCharsets.US_ASCII)).getPublic());
    private static final String KEY_2 = Ed25519Keys.encodePublic(
            Ed25519Keys.fromSeed("profile-key-two-0123456789abcdef".getBytes(StandardCharsets.US_ASCII)).getPublic());

    private static final String FULL = "{\"agentId\":\"did:web:billing-bot\",\"tenantId\":\"t1\",\"name\":\"Billing bot\","
            + "\"registeredScopes\":[\"invoices:read\",\"email:send\"],"
            + "\"operatingWindow\":{\"timezone\":\"Europe/Berlin\",\"days\":[\"MON\",\"TUE\",\"FRI\"],\"start\":\"09:00\",\"end\":\"17:00\"},"
            + "\"budget\":{\"amountUsd\":500.000000,\"period\":\"P1D\"},\"maxDelegationDepth\":2,"
            + "\"allowedCountries\":[\"DE\",\"FR\"],\"publicKeys\":{\"k1\":\"" + KEY_1 + "\",\"k2\":\"" + KEY_2 + "\"},"
            + "\"calibrationDays\":14,\"settings\":{\"breaker.auto-halt\":\"true\",\"velocity_spike.ratio\":\"5\"}}";
    private static final String MINIMAL = "{\"agentId\":\"did:web:a\",\"tenantId\":\"t1\"}";

    private static AgentProfile full(Map<String, String> keys) {
        return AgentProfile.newBuilder().setAgentId("did:web:billing-bot").setTenantId("t1").setName("Billing bot")
                .setRegisteredScopes(List.of("invoices:read", "email:send"))
                .setOperatingWindow(new OperatingWindow("Europe/Berlin", List.of(Weekday.MON, Weekday.TUE, Weekday.FRI), "09:00", "17:00"))
                .setBudget(new Budget(new BigDecimal("500.000000"), "P1D")).setMaxDelegationDepth(2)
                .setAllowedCountries(List.of("DE", "FR")).setPublicKeys(keys).setCalibrationDays(14)
                .setSettings(new java.util.TreeMap<>(Map.of("breaker.auto-halt", "true", "velocity_spike.ratio", "5"))).build();
    }

    private static Map<String, String> keys(String... idsAndKeys) {
        Map<String, String> keys = new LinkedHashMap<>();
        for (int i = 0; i < idsAndKeys.length; i += 2) {
            keys.put(idsAndKeys[i], idsAndKeys[i + 1]);
        }
        return keys;
    }

    @Test
    void readsTheDesignExample() {
        assertThat(ProfileJson.parse(FULL)).isEqualTo(full(keys("k1", KEY_1, "k2", KEY_2)));
    }

    @Test
    void writesEveryFieldInTheSchemaOrderWithKeysSorted() {
        assertThat(ProfileJson.write(full(keys("k2", KEY_2, "k1", KEY_1)))).isEqualTo(FULL);
    }

    @Test
    void parseOfWriteGivesTheSameProfile() {
        AgentProfile minimal = ProfileJson.parse(MINIMAL);
        assertThat(ProfileJson.parse(ProfileJson.write(minimal))).isEqualTo(minimal);
        assertThat(ProfileJson.parse(ProfileJson.write(full(keys("k1", KEY_1))))).isEqualTo(full(keys("k1", KEY_1)));
    }

    @Test
    void settingsKeepNumbersAndBooleansAsTheirText() {
        AgentProfile profile = ProfileJson.parse("{\"agentId\":\"a\",\"tenantId\":\"t\",\"settings\":"
                + "{\"velocity_spike.ratio\":4.5,\"breaker.auto-halt\":true,\"cost_spike.floor\":\"50\"}}");
        assertThat(profile.getSettings()).containsExactly(Map.entry("velocity_spike.ratio", "4.5"),
                Map.entry("breaker.auto-halt", "true"), Map.entry("cost_spike.floor", "50"));
    }

    @Test
    void aSettingKeyThatIsNotRuleDotParamIsNamed() {
        assertThatThrownBy(() -> ProfileJson.parse("{\"agentId\":\"a\",\"tenantId\":\"t\",\"settings\":{\"ratio\":\"4\"}}"))
                .isInstanceOf(IngestException.class).hasMessageContaining("settings.ratio");
        assertThatThrownBy(() -> ProfileJson.parse("{\"agentId\":\"a\",\"tenantId\":\"t\",\"settings\":{\"a.b\":[1]}}"))
                .isInstanceOf(IngestException.class).hasMessageContaining("settings.a.b");
    }

    @Test
    void absentOptionalFieldsTakeTheSchemaDefaults() {
        AgentProfile profile = ProfileJson.parse(MINIMAL);
        assertThat(profile.getName()).isNull();
        assertThat(profile.getRegisteredScopes()).isEmpty();
        assertThat(profile.getOperatingWindow()).isNull();
        assertThat(profile.getBudget()).isNull();
        assertThat(profile.getMaxDelegationDepth()).isEqualTo(3);
        assertThat(profile.getPublicKeys()).isEmpty();
        assertThat(profile.getCalibrationDays()).isEqualTo(7);
    }

    @ParameterizedTest
    @ValueSource(strings = {"P1D", "PT1H", "P1M", "P1W", "P1DT12H", "PT30M"})
    void aBudgetPeriodMayBeAnyPositiveIso8601Period(String period) {
        String json = FULL.replace("\"P1D\"", "\"" + period + "\"");
        assertThat(ProfileJson.parse(json).getBudget().getPeriod()).isEqualTo(period);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"timezone\":\"Europe/Berlin\" | \"timezone\":\"Mars/Olympus\" | field 'operatingWindow.timezone': not a time zone (an IANA name such as Europe/Berlin): \"Mars/Olympus\"",
            "\"FRI\"                        | \"FRIDAY\"                    | field 'operatingWindow.days[2]': must be one of MON, TUE, WED, THU, FRI, SAT, SUN: \"FRIDAY\"",
            "\"start\":\"09:00\"            | \"start\":\"9:00\"            | field 'operatingWindow.start': not a local time HH:MM (00:00 to 23:59): \"9:00\"",
            "\"end\":\"17:00\"              | \"end\":\"24:00\"             | field 'operatingWindow.end': not a local time HH:MM (00:00 to 23:59): \"24:00\"",
            "\"end\":\"17:00\"              | \"end\":\"17:00:00\"          | field 'operatingWindow.end': not a local time HH:MM (00:00 to 23:59): \"17:00:00\"",
            "500.000000                     | 500.0000001                   | field 'budget.amountUsd': has more than 6 decimals: 500.0000001",
            "500.000000                     | -5                            | field 'budget.amountUsd': must not be negative: -5",
            "\"P1D\"                        | \"1 day\"                     | field 'budget.period': not a positive ISO 8601 period such as P1D, PT1H or P1M: \"1 day\"",
            "\"P1D\"                        | \"P0D\"                       | field 'budget.period': not a positive ISO 8601 period such as P1D, PT1H or P1M: \"P0D\"",
            "\"P1D\"                        | \"PT-1H\"                     | field 'budget.period': not a positive ISO 8601 period such as P1D, PT1H or P1M: \"PT-1H\"",
            "\"maxDelegationDepth\":2       | \"maxDelegationDepth\":-1     | field 'maxDelegationDepth': must be between 0 and 2147483647: -1",
            "\"calibrationDays\":14         | \"calibrationDays\":-7        | field 'calibrationDays': must be between 0 and 2147483647: -7",
            "\"calibrationDays\":14         | \"calibrationDays\":1.5       | field 'calibrationDays': must be an integer: 1.5",
            "\"DE\",\"FR\"                  | \"DE\",true                   | field 'allowedCountries[1]': must be a string: true"})
    void aProfileThatBreaksTheContractIsRejectedNamingTheField(String from, String to, String message) {
        assertThatThrownBy(() -> ProfileJson.parse(FULL.replace(from, to))).hasMessage(message);
    }

    @Test
    void aPublicKeyMustBeARaw32ByteEd25519KeyInBase64Url() {
        String shortKey = KEY_1.substring(0, 20);
        assertThatThrownBy(() -> ProfileJson.parse(FULL.replace(KEY_1, shortKey)))
                .isInstanceOfSatisfying(IngestException.class, e -> assertThat(e.field()).isEqualTo("publicKeys.k1"))
                .hasMessageContaining("not a raw Ed25519 public key in base64url").hasMessageContaining(shortKey);
        assertThatThrownBy(() -> ProfileJson.parse(FULL.replace(KEY_2, "not/base64+at*all")))
                .isInstanceOfSatisfying(IngestException.class, e -> assertThat(e.field()).isEqualTo("publicKeys.k2"));
        assertThatThrownBy(() -> ProfileJson.parse(FULL.replace("\"" + KEY_2 + "\"", "42")))
                .hasMessage("field 'publicKeys.k2': must be a string: 42");
    }

    @Test
    void theIdentityFieldsAreRequired() {
        assertThatThrownBy(() -> ProfileJson.parse("{\"tenantId\":\"t1\"}")).hasMessage("field 'agentId': is required");
        assertThatThrownBy(() -> ProfileJson.parse("{\"agentId\":\"a\"}")).hasMessage("field 'tenantId': is required");
    }

    @Test
    void aBudgetNeedsBothAmountAndPeriod() {
        assertThatThrownBy(() -> ProfileJson.parse(MINIMAL.replace("}", ",\"budget\":{\"period\":\"P1D\"}}")))
                .hasMessage("field 'budget.amountUsd': is required");
        assertThatThrownBy(() -> ProfileJson.parse(MINIMAL.replace("}", ",\"budget\":{\"amountUsd\":\"10\"}}")))
                .hasMessage("field 'budget.period': is required");
    }
}

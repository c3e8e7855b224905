package dev.vigil.notifier.channel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.ChannelConfig;
import dev.vigil.avro.Severity;
import dev.vigil.notifier.testing.TestAlerts;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChannelSpecTest {

    private final ChannelSpecs specs = ChannelSpecs.STANDARD.with(ChannelSpecsTest.FAKE);

    private ChannelSpec spec(List<Severity> severities, Map<String, String> matchers) {
        return specs.validate(ChannelConfig.newBuilder().setName("c").setType("console").setSeverities(severities)
                .setMatchers(matchers).build());
    }

    @Test
    void withoutFiltersEveryAlertIsAccepted() {
        assertThat(spec(List.of(), Map.of()).accepts(TestAlerts.withSeverity(Severity.low))).isTrue();
    }

    @Test
    void acceptsOnlyTheListedSeverities() {
        ChannelSpec spec = spec(List.of(Severity.high, Severity.critical), Map.of());

        assertThat(spec.accepts(TestAlerts.withSeverity(Severity.critical))).isTrue();
        assertThat(spec.accepts(TestAlerts.withSeverity(Severity.medium))).isFalse();
    }

    @Test
    void everyMatcherMustEqualTheAlertsField() {
        ChannelSpec spec = spec(List.of(), Map.of("tenantId", "t1", "agentId", "did:web:x", "ruleId",
                "scope_escalation", "category", "access"));

        assertThat(spec.accepts(TestAlerts.scopeEscalation().build())).isTrue();
        assertThat(spec.accepts(TestAlerts.scopeEscalation().setTenantId("t2").build())).isFalse();
        assertThat(spec.accepts(TestAlerts.scopeEscalation().setAgentId("did:web:y").build())).isFalse();
        assertThat(spec.accepts(TestAlerts.scopeEscalation().setRuleId("velocity_spike").build())).isFalse();
        assertThat(spec.accepts(TestAlerts.scopeEscalation().setCategory("spend").build())).isFalse();
    }

    @Test
    void itsTextNamesTheSettingsButNeverTheirValues() {
        ChannelSpec spec = specs.validate(ChannelConfig.newBuilder().setName("hook").setType("fake")
                .setSettings(Map.of("url", "https://hooks.example.com/in", "token", "tok-5f1d2c9a8b7e")).build());

        assertThat(spec.toString()).contains("settings=[token, url]").doesNotContain("tok-5f1d2c9a8b7e")
                .doesNotContain("hooks.example.com");
    }
}

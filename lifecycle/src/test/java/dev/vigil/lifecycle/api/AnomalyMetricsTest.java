package dev.vigil.lifecycle.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.avro.Alert;
import dev.vigil.avro.Severity;
import dev.vigil.lifecycle.Fixtures;
import dev.vigil.lifecycle.InMemoryViews;
import dev.vigil.lifecycle.auth.Principal;
import dev.vigil.lifecycle.auth.Role;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The metrics figures with a fixed "now", so that every count and every day is known. */
class AnomalyMetricsTest {

    private static final Instant NOW = Instant.parse("2025-03-08T15:00:00.000Z");
    private static final Principal TENANT_A = new Principal("aaaaaaaa", "tenant-a", Role.VIEWER, "a");

    private final InMemoryViews views = new InMemoryViews()
            .add(alert("in-1", "tenant-a", "velocity_spike", Severity.high, NOW.minus(Duration.ofMinutes(30))))
            .add(alert("in-2", "tenant-a", "geo_anomaly", Severity.critical, Instant.parse("2025-03-06T23:59:59.999Z")))
            .add(alert("in-3", "tenant-a", "velocity_spike", Severity.low, Instant.parse("2025-03-01T15:00:00.000Z")))
            .add(alert("too-old", "tenant-a", "velocity_spike", Severity.high, Instant.parse("2025-03-01T14:59:59.999Z")))
            .add(alert("future", "tenant-a", "velocity_spike", Severity.high, NOW.plusMillis(1)))
            .add(alert("of-b", "tenant-b", "token_replay", Severity.medium, NOW.minus(Duration.ofHours(2))));

    @Test
    void countsTheTenantsAlertsDetectedWithinTheWindowBySeverityRuleAndDay() {
        views.apply(Fixtures.acknowledge(views.get("in-1").orElseThrow().alert(), "alice", NOW));

        JsonNode m = AnomalyMetrics.of(views, TENANT_A, NOW, Duration.ofDays(7));

        assertThat(m.get("totalAlerts").asLong()).isEqualTo(3);
        assertThat(m.get("openAlerts").asLong()).isEqualTo(2);
        assertThat(m.get("bySeverity").toString()).isEqualTo("{\"low\":1,\"medium\":0,\"high\":1,\"critical\":1}");
        assertThat(m.get("byRule").toString()).isEqualTo("{\"geo_anomaly\":1,\"velocity_spike\":2}");
        assertThat(days(m)).containsExactly("2025-03-01=1", "2025-03-02=0", "2025-03-03=0", "2025-03-04=0",
                "2025-03-05=0", "2025-03-06=1", "2025-03-07=0", "2025-03-08=1");
    }

    @Test
    void anOperatorCountsEveryTenantAndAShortWindowHasOnlyItsDays() {
        Principal operator = new Principal("oooooooo", Principal.ALL_TENANTS, Role.ADMIN, "ops");

        JsonNode m = AnomalyMetrics.of(views, operator, NOW, Duration.ofHours(3));

        assertThat(m.get("totalAlerts").asLong()).isEqualTo(2);
        assertThat(m.get("byRule").toString()).isEqualTo("{\"token_replay\":1,\"velocity_spike\":1}");
        assertThat(days(m)).containsExactly("2025-03-08=2");
    }

    @Test
    void aWindowOverMidnightListsBothDaysAndNoAlertsGiveZeros() {
        JsonNode m = AnomalyMetrics.of(new InMemoryViews(), TENANT_A, Instant.parse("2025-03-08T00:30:00.000Z"),
                Duration.ofHours(1));

        assertThat(m.get("totalAlerts").asLong()).isZero();
        assertThat(m.get("openAlerts").asLong()).isZero();
        assertThat(m.get("byRule").size()).isZero();
        assertThat(m.get("bySeverity").toString()).isEqualTo("{\"low\":0,\"medium\":0,\"high\":0,\"critical\":0}");
        assertThat(days(m)).containsExactly("2025-03-07=0", "2025-03-08=0");
    }

    private static List<String> days(JsonNode metrics) {
        List<String> days = new ArrayList<>();
        metrics.get("recentActivity").forEach(d -> days.add(d.get("date").asText() + "=" + d.get("count").asLong()));
        return days;
    }

    static Alert alert(String id, String tenant, String rule, Severity severity, Instant detectedAt) {
        return Alert.newBuilder(Fixtures.alert(id, "did:web:" + tenant + "-agent", severity, detectedAt))
                .setTenantId(tenant).setRuleId(rule).build();
    }
}

package dev.vigil.lifecycle.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.avro.Severity;
import dev.vigil.lifecycle.view.AlertFilter;
import dev.vigil.lifecycle.view.AlertStatus;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FilterQueryTest {

    @Test
    void everyCriterionSurvivesTheRoundTripIncludingTenantAndPosition() {
        AlertFilter filter = new AlertFilter(Optional.of(AlertStatus.ACKNOWLEDGED), Optional.of(Severity.critical),
                Optional.of("velocity_spike"), Optional.of("behaviour & cost"), Optional.of("did:web:a/b?c=d"),
                Optional.of("tenant é+1"), Optional.of(Instant.parse("2025-03-01T10:00:00.123456789Z")),
                Optional.of(Instant.parse("2025-03-02T00:00:00Z")),
                Optional.of(new AlertFilter.Position(Instant.parse("2025-03-01T12:00:00.5Z"), "id=with&chars")), 37);

        assertThat(FilterQuery.decode(params(FilterQuery.encode(filter)))).isEqualTo(filter);
    }

    @Test
    void anEmptyFilterRoundTripsWithItsLimit() {
        AlertFilter filter = new AlertFilter(Optional.empty(), Optional.empty(), 1000);

        assertThat(FilterQuery.encode(filter)).isEqualTo("limit=1000");
        assertThat(FilterQuery.decode(params(FilterQuery.encode(filter)))).isEqualTo(filter);
        assertThat(FilterQuery.decode(Map.of()).limit()).isEqualTo(AlertFilter.DEFAULT_LIMIT);
    }

    @Test
    void refusesMalformedOrRepeatedParametersNamingThem() {
        assertThatThrownBy(() -> FilterQuery.decode(params("status=closed")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'status'");
        assertThatThrownBy(() -> FilterQuery.decode(params("severity=HIGH")))
                .hasMessageContaining("'severity'");
        assertThatThrownBy(() -> FilterQuery.decode(params("since=yesterday")))
                .hasMessageContaining("'since'");
        assertThatThrownBy(() -> FilterQuery.decode(params("limit=0")))
                .hasMessageContaining("'limit'");
        assertThatThrownBy(() -> FilterQuery.decode(params("limit=ten")))
                .hasMessageContaining("'limit'");
        assertThatThrownBy(() -> FilterQuery.decode(params("tenant=a&tenant=b")))
                .hasMessageContaining("'tenant' may be given once");
        assertThatThrownBy(() -> FilterQuery.decode(params("afterAlertId=x")))
                .hasMessageContaining("go together");
    }

    /** The query string decoded as a servlet container decodes it. */
    private static Map<String, List<String>> params(String query) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            String[] parts = pair.split("=", 2);
            params.computeIfAbsent(URLDecoder.decode(parts[0], StandardCharsets.UTF_8), k -> new ArrayList<>())
                    .add(URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
        }
        return params;
    }
}

package dev.vigil.lifecycle.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.lifecycle.view.IncidentFilter;
import dev.vigil.lifecycle.view.IncidentStatus;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IncidentFilterQueryTest {

    @Test
    void everyCriterionSurvivesTheRoundTripIncludingTenantAndPosition() {
        IncidentFilter filter = new IncidentFilter(Optional.of(IncidentStatus.CONTAINED),
                Optional.of("did:web:a/b?c=d&e"), Optional.of("tenant é+1"),
                Optional.of(new IncidentFilter.Position(Instant.parse("2025-03-01T12:00:00.123456789Z"),
                        "inc_with&chars=")), 37);

        assertThat(IncidentFilterQuery.decode(params(IncidentFilterQuery.encode(filter)))).isEqualTo(filter);
    }

    @Test
    void anEmptyFilterRoundTripsWithItsLimit() {
        IncidentFilter filter = new IncidentFilter(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), 1000);

        assertThat(IncidentFilterQuery.encode(filter)).isEqualTo("limit=1000");
        assertThat(IncidentFilterQuery.decode(params(IncidentFilterQuery.encode(filter)))).isEqualTo(filter);
        assertThat(IncidentFilterQuery.decode(Map.of())).isEqualTo(IncidentFilter.all());
    }

    @Test
    void refusesMalformedOrRepeatedParametersNamingThem() {
        assertThatThrownBy(() -> IncidentFilterQuery.decode(params("status=OPEN")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'status'");
        assertThatThrownBy(() -> IncidentFilterQuery.decode(params("limit=0"))).hasMessageContaining("'limit'");
        assertThatThrownBy(() -> IncidentFilterQuery.decode(params("limit=x"))).hasMessageContaining("'limit'");
        assertThatThrownBy(() -> IncidentFilterQuery.decode(params("tenant=a&tenant=b")))
                .hasMessageContaining("'tenant' may be given once");
        assertThatThrownBy(() -> IncidentFilterQuery.decode(params("afterFirstAlertAt=2025-03-01T00:00:00Z")))
                .hasMessageContaining("go together");
        assertThatThrownBy(() -> IncidentFilterQuery.decode(params("afterFirstAlertAt=today&afterIncidentId=x")))
                .hasMessageContaining("'afterFirstAlertAt'");
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

package dev.vigil.lifecycle.cluster;

import static dev.vigil.lifecycle.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.avro.Severity;
import dev.vigil.lifecycle.Fixtures;
import dev.vigil.lifecycle.InMemoryIncidents;
import dev.vigil.lifecycle.view.Incident;
import dev.vigil.lifecycle.view.IncidentFilter;
import dev.vigil.lifecycle.view.ViewUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

/** The reader over this instance and three fake others, against one store holding every incident. */
class ClusterIncidentViewReaderTest {

    private final InMemoryIncidents local = new InMemoryIncidents();
    private final InMemoryIncidents everything = new InMemoryIncidents();
    private final Map<Member, FakeInstance> instances = new TreeMap<>((a, b) -> a.name().compareTo(b.name()));
    private final List<Incident> all = new ArrayList<>();

    ClusterIncidentViewReaderTest() {
        for (int i = 1; i <= 3; i++) {
            instances.put(new Member(new HostInfo("10.0.0." + i, 8080), Set.of(i)), new FakeInstance());
        }
        List<FakeInstance> fakes = new ArrayList<>(instances.values());
        for (int n = 0; n < 40; n++) {
            // opened at equal times in pairs, so the incidentId tie-break counts too; two tenants
            Incident incident = Incident.open(Fixtures.alert("alert-" + n, "did:web:agent-" + n, Severity.low,
                    T0.plusSeconds(n / 2 * 60)), T0);
            if (n % 5 == 0) {
                incident = withTenant(incident, "tenant-b");
            }
            all.add(incident);
            everything.add(incident);
            (n % 4 == 0 ? local : fakes.get(n % 4 - 1).incidents).add(incident);
        }
    }

    private static Incident withTenant(Incident i, String tenant) {
        return new Incident(i.incidentId(), tenant, i.agentId(), i.status(), i.severity(), i.alertCount(),
                i.alertIds(), i.firstAlertAt(), i.lastAlertAt(), i.notes(), i.updatedAt());
    }

    private ClusterIncidentViewReader reader() {
        return new ClusterIncidentViewReader(local, () -> List.copyOf(instances.keySet()), new FakePeers());
    }

    private static IncidentFilter filter(Optional<String> tenant, Optional<IncidentFilter.Position> after, int limit) {
        return new IncidentFilter(Optional.empty(), Optional.empty(), tenant, after, limit);
    }

    @Test
    void aListMergesEachInstancesPageIntoTheSamePageOneStoreWouldGive() {
        for (int limit : new int[] {1, 5, 10, 40, 100}) {
            IncidentFilter page = filter(Optional.empty(), Optional.empty(), limit);
            assertThat(reader().list(page)).as("limit %d", limit).isEqualTo(everything.list(page))
                    .hasSize(Math.min(limit, 40));
        }
        IncidentFilter ofB = filter(Optional.of("tenant-b"), Optional.empty(), 3);
        assertThat(reader().list(ofB)).isEqualTo(everything.list(ofB)).hasSize(3)
                .allMatch(i -> i.tenantId().equals("tenant-b"));
    }

    @Test
    void pagingWithTheCursorWalksEveryIncidentOnceInOrder() {
        List<String> walked = new ArrayList<>();
        IncidentFilter page = filter(Optional.empty(), Optional.empty(), 7);
        List<Incident> incidents;
        do {
            incidents = reader().list(page);
            incidents.forEach(i -> walked.add(i.incidentId()));
            if (!incidents.isEmpty()) {
                page = filter(Optional.empty(), Optional.of(IncidentFilter.Position.of(incidents.get(
                        incidents.size() - 1))), 7);
            }
        } while (incidents.size() == 7);

        assertThat(walked).containsExactlyElementsOf(all.stream().sorted(IncidentFilter.ORDER)
                .map(Incident::incidentId).toList());
    }

    @Test
    void getTriesTheLocalStoreThenStopsAtTheFirstInstanceThatHasTheIncident() {
        ClusterIncidentViewReader reader = reader();

        assertThat(reader.get(all.get(4).incidentId())).hasValue(all.get(4));
        assertThat(instances.values()).extracting(f -> f.gets.get()).containsExactly(0, 0, 0);

        assertThat(reader.get(all.get(2).incidentId())).hasValue(all.get(2));
        assertThat(instances.values()).extracting(f -> f.gets.get()).containsExactly(1, 1, 0);

        assertThat(reader.get("inc_none")).isEmpty();
        assertThat(instances.values()).extracting(f -> f.gets.get()).containsExactly(2, 2, 1);
    }

    @Test
    void anInstanceThatDoesNotAnswerFailsTheReadInsteadOfAPartialAnswer() {
        instances.values().stream().skip(1).findFirst().orElseThrow().down = true;
        ClusterIncidentViewReader reader = reader();

        assertThatThrownBy(() -> reader.list(IncidentFilter.all())).isInstanceOf(ViewUnavailableException.class)
                .hasMessageContaining("10.0.0.2:8080");
        assertThatThrownBy(() -> reader.get("inc_none")).isInstanceOf(ViewUnavailableException.class);
        assertThat(reader.get(all.get(1).incidentId())).as("found before the silent instance is asked").isPresent();
    }

    @Test
    void whileTheGroupIsNotKnownAListIsUnavailableEvenIfTheLocalStoreCouldAnswer() {
        ClusterIncidentViewReader reader = new ClusterIncidentViewReader(local, () -> {
            throw new ViewUnavailableException("rebalancing", null);
        }, new FakePeers());

        assertThatThrownBy(() -> reader.list(IncidentFilter.all())).isInstanceOf(ViewUnavailableException.class);
    }

    @Test
    void mergeCountsAnIncidentOnTwoPagesOnce() {
        Incident a = all.get(3);
        Incident b = all.get(1);

        assertThat(ClusterIncidentViewReader.merge(List.of(List.of(a, b), List.of(a)), 10)).containsExactly(a, b);
        assertThat(ClusterIncidentViewReader.merge(List.of(List.of(b), List.of(a)), 1)).containsExactly(a);
    }

    /** Another instance: its own incidents, and whether it answers. */
    private static final class FakeInstance {
        final InMemoryIncidents incidents = new InMemoryIncidents();
        final AtomicInteger gets = new AtomicInteger();
        volatile boolean down;
    }

    private final class FakePeers implements IncidentPeers {
        @Override
        public Optional<Incident> incident(Member member, String incidentId) {
            FakeInstance instance = answering(member);
            instance.gets.incrementAndGet();
            return instance.incidents.get(incidentId);
        }

        @Override
        public List<Incident> incidents(Member member, IncidentFilter filter) {
            return answering(member).incidents.list(filter);
        }

        private FakeInstance answering(Member member) {
            FakeInstance instance = instances.get(member);
            if (instance.down) {
                throw new ViewUnavailableException("incident view on instance " + member.name(),
                        "instance " + member.name() + " did not answer", null);
            }
            return instance;
        }
    }
}

package dev.vigil.lifecycle.cluster;

import static dev.vigil.lifecycle.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.avro.Severity;
import dev.vigil.lifecycle.Fixtures;
import dev.vigil.lifecycle.InMemoryViews;
import dev.vigil.lifecycle.view.AlertFilter;
import dev.vigil.lifecycle.view.AlertView;
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

/** The reader over this instance and three fake others, against one store holding every alert. */
class ClusterAlertViewReaderTest {

    private static final Severity[] SEVERITIES = Severity.values();

    private final InMemoryViews local = new InMemoryViews();
    private final InMemoryViews everything = new InMemoryViews();
    private final Map<Member, FakeInstance> instances = new TreeMap<>((a, b) -> a.name().compareTo(b.name()));

    ClusterAlertViewReaderTest() {
        for (int i = 1; i <= 3; i++) {
            instances.put(new Member(new HostInfo("10.0.0." + i, 8080), Set.of(i)), new FakeInstance());
        }
        List<FakeInstance> fakes = new ArrayList<>(instances.values());
        for (int n = 0; n < 40; n++) {
            // equal detection times in pairs, so the alertId tie-break counts too
            var alert = Fixtures.alert(String.format("alert-%02d", n), "agent-" + n, SEVERITIES[n % SEVERITIES.length],
                    T0.plusSeconds(n / 2 * 60));
            everything.add(alert);
            if (n % 4 == 0) {
                local.add(alert);
            } else {
                fakes.get(n % 4 - 1).views.add(alert);
            }
        }
    }

    private ClusterAlertViewReader reader() {
        return new ClusterAlertViewReader(local, () -> List.copyOf(instances.keySet()), new FakePeers());
    }

    @Test
    void aListMergesEachInstancesPageIntoTheSamePageOneStoreWouldGive() {
        for (int limit : new int[] {1, 5, 10, 40, 100}) {
            AlertFilter filter = new AlertFilter(Optional.empty(), Optional.empty(), limit);
            assertThat(reader().list(filter)).as("limit %d", limit).isEqualTo(everything.list(filter));
        }
        AlertFilter critical = new AlertFilter(Optional.empty(), Optional.of(Severity.critical), 3);
        assertThat(reader().list(critical)).isEqualTo(everything.list(critical)).hasSize(3);
    }

    @Test
    void pagingWithTheCursorWalksEveryAlertOnceInOrder() {
        List<String> walked = new ArrayList<>();
        AlertFilter page = new AlertFilter(Optional.empty(), Optional.empty(), 7);
        List<AlertView> views;
        do {
            views = reader().list(page);
            views.forEach(v -> walked.add(v.alertId()));
            if (!views.isEmpty()) {
                page = page.after(AlertFilter.Position.of(views.get(views.size() - 1)));
            }
        } while (views.size() == 7);

        assertThat(walked).containsExactlyElementsOf(
                everything.list(new AlertFilter(Optional.empty(), Optional.empty(), 100)).stream()
                        .map(AlertView::alertId).toList());
    }

    @Test
    void getTriesTheLocalStoreThenStopsAtTheFirstInstanceThatHasTheAlert() {
        ClusterAlertViewReader reader = reader();

        assertThat(reader.get("alert-04")).map(AlertView::alertId).hasValue("alert-04");
        assertThat(asked()).isZero();

        assertThat(reader.get("alert-01")).map(AlertView::alertId).hasValue("alert-01");
        assertThat(instances.values()).extracting(f -> f.gets.get()).containsExactly(1, 0, 0);

        assertThat(reader.get("no-such-alert")).isEmpty();
        assertThat(instances.values()).extracting(f -> f.gets.get()).containsExactly(2, 1, 1);
    }

    @Test
    void forEachVisitsEveryAlertOfEveryInstancePageByPage() {
        FakeInstance big = instances.values().iterator().next();
        for (int n = 0; n < ClusterAlertViewReader.PAGE + 5; n++) {
            big.views.add(Fixtures.alert("bulk-" + n, "agent-bulk", Severity.low, T0));
        }
        List<String> visited = new ArrayList<>();

        reader().forEach(v -> visited.add(v.alertId()));

        assertThat(visited).hasSize(40 + ClusterAlertViewReader.PAGE + 5).doesNotHaveDuplicates();
        assertThat(big.pages.get()).isEqualTo(2);
    }

    @Test
    void anInstanceThatDoesNotAnswerFailsTheReadInsteadOfAPartialAnswer() {
        instances.values().stream().skip(1).findFirst().orElseThrow().down = true;
        ClusterAlertViewReader reader = reader();

        assertThatThrownBy(() -> reader.list(AlertFilter.all())).isInstanceOf(ViewUnavailableException.class)
                .hasMessageContaining("10.0.0.2:8080");
        assertThatThrownBy(() -> reader.forEach(v -> { })).isInstanceOf(ViewUnavailableException.class);
        assertThatThrownBy(() -> reader.get("no-such-alert")).isInstanceOf(ViewUnavailableException.class);
        assertThat(reader.get("alert-01")).as("found before the silent instance is asked").isPresent();
    }

    @Test
    void mergeCountsAnAlertOnTwoPagesOnce() {
        AlertView a = AlertView.open(Fixtures.alert("a", "x", Severity.low, T0.plusSeconds(2)), T0);
        AlertView b = AlertView.open(Fixtures.alert("b", "x", Severity.low, T0.plusSeconds(1)), T0);

        assertThat(ClusterAlertViewReader.merge(List.of(List.of(a, b), List.of(a)), 10)).containsExactly(a, b);
    }

    private int asked() {
        return instances.values().stream().mapToInt(f -> f.gets.get() + f.lists.get() + f.pages.get()).sum();
    }

    /** Another instance: its own views, and whether it answers. */
    private static final class FakeInstance {
        final InMemoryViews views = new InMemoryViews();
        final AtomicInteger gets = new AtomicInteger();
        final AtomicInteger lists = new AtomicInteger();
        final AtomicInteger pages = new AtomicInteger();
        volatile boolean down;
    }

    private final class FakePeers implements Peers {
        @Override
        public Optional<AlertView> get(Member member, String alertId) {
            FakeInstance instance = answering(member);
            instance.gets.incrementAndGet();
            return instance.views.get(alertId);
        }

        @Override
        public List<AlertView> list(Member member, AlertFilter filter) {
            FakeInstance instance = answering(member);
            instance.lists.incrementAndGet();
            return instance.views.list(filter);
        }

        @Override
        public List<AlertView> page(Member member, int partition, String after, int limit) {
            FakeInstance instance = answering(member);
            instance.pages.incrementAndGet();
            TreeMap<String, AlertView> byId = new TreeMap<>();
            instance.views.forEach(v -> byId.put(v.alertId(), v));
            var rest = after == null ? byId : byId.tailMap(after, false);
            return rest.values().stream().limit(limit).toList();
        }

        private FakeInstance answering(Member member) {
            FakeInstance instance = instances.get(member);
            if (instance.down) {
                throw new ViewUnavailableException("alert view on instance " + member.name(),
                        "instance " + member.name() + " did not answer", null);
            }
            return instance;
        }
    }
}

package dev.vigil.lifecycle.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.lifecycle.Fixtures;
import dev.vigil.lifecycle.view.NotificationEntry;
import dev.vigil.lifecycle.view.ViewUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

/** Routing an alert's ledger read to the one instance the metadata names, with fake metadata and peers. */
class ClusterNotificationViewReaderTest {

    private static final Member OTHER = new Member(new HostInfo("10.0.0.2", 8080), Set.of(3));
    private static final NotificationEntry HERE = entry("d-here");
    private static final NotificationEntry THERE = entry("d-there");

    private final List<String> askedLocally = new ArrayList<>();
    private final List<String> askedOther = new ArrayList<>();
    private final Map<String, Optional<Member>> hosts = Map.of("local-alert", Optional.empty(),
            "remote-alert", Optional.of(OTHER));
    private volatile boolean otherDown;

    private static NotificationEntry entry(String deliveryId) {
        return new NotificationEntry(deliveryId, "slack-oncall", "delivered", 1, "alert", null, Fixtures.T0);
    }

    private ClusterNotificationViewReader reader() {
        return new ClusterNotificationViewReader(alertId -> {
            askedLocally.add(alertId);
            return List.of(HERE);
        }, alertId -> {
            Optional<Member> host = hosts.get(alertId);
            if (host == null) {
                throw new ViewUnavailableException("notification view", "no instance hosts its partition", null);
            }
            return host;
        }, (member, alertId) -> {
            if (otherDown) {
                throw new ViewUnavailableException("notification view on instance " + member.name(),
                        "instance " + member.name() + " did not answer", null);
            }
            assertThat(member).isEqualTo(OTHER);
            askedOther.add(alertId);
            return List.of(THERE);
        });
    }

    @Test
    void recordsHostedHereAreReadFromTheLocalStoreOnly() {
        assertThat(reader().get("local-alert")).containsExactly(HERE);
        assertThat(askedLocally).containsExactly("local-alert");
        assertThat(askedOther).isEmpty();
    }

    @Test
    void recordsHostedElsewhereAreAskedOfThatInstanceOnly() {
        assertThat(reader().get("remote-alert")).containsExactly(THERE);
        assertThat(askedOther).containsExactly("remote-alert");
        assertThat(askedLocally).as("the local store would answer nothing, silently").isEmpty();
    }

    @Test
    void aHostThatDoesNotAnswerOrIsNotKnownFailsTheRead() {
        otherDown = true;

        assertThatThrownBy(() -> reader().get("remote-alert")).isInstanceOf(ViewUnavailableException.class)
                .hasMessageContaining("10.0.0.2:8080");
        assertThatThrownBy(() -> reader().get("between-hosts")).isInstanceOf(ViewUnavailableException.class);
        assertThat(askedLocally).isEmpty();
    }
}

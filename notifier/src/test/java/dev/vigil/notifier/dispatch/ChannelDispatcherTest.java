package dev.vigil.notifier.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.Alert;
import dev.vigil.notifier.testing.TestAlerts;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChannelDispatcherTest {

    private static final Instant T0 = Instant.parse("2026-11-20T12:00:00Z");

    private static Alert alert(String id, String tenant, String rule) {
        return TestAlerts.scopeEscalation().setAlertId(id).setTenantId(tenant).setRuleId(rule).build();
    }

    private static List<String> sent(List<Dispatch> dispatches) {
        return dispatches.stream().filter(d -> d instanceof Dispatch.Send).map(d -> ((Dispatch.Send) d).alerts().stream()
                .map(Alert::getAlertId).reduce((a, b) -> a + "+" + b).orElse("") + (((Dispatch.Send) d).digest() ? " (digest)" : "")).toList();
    }

    @Test
    void ungroupedAlertsGoAtOnce() {
        ChannelDispatcher d = new ChannelDispatcher(GroupPolicy.IMMEDIATE);
        assertThat(sent(d.offer(alert("a", "t", "r"), "ticket-a", T0))).containsExactly("a");
        assertThat(d.offer(alert("a", "t", "r"), "ticket-a2", T0)).singleElement().isInstanceOf(Dispatch.Send.class);
        assertThat(d.nextDue(T0)).isEmpty();
    }

    @Test
    void theFirstAlertOfAGroupWaitsGroupWaitThenTheGroupGoesTogether() {
        ChannelDispatcher d = new ChannelDispatcher(new GroupPolicy(Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ZERO, null));
        assertThat(d.offer(alert("a", "t", "r"), 1, T0)).isEmpty();
        assertThat(d.offer(alert("b", "t", "r"), 2, T0.plusSeconds(10))).isEmpty();
        assertThat(d.offer(alert("c", "t", "other-rule"), 3, T0.plusSeconds(10))).isEmpty();
        assertThat(d.nextDue(T0.plusSeconds(10))).contains(T0.plusSeconds(30));
        assertThat(d.due(T0.plusSeconds(29))).isEmpty();
        List<Dispatch> due = d.due(T0.plusSeconds(30));
        assertThat(sent(due)).containsExactly("a+b");
        assertThat(due.get(0).tickets()).containsExactly(1, 2);
        assertThat(sent(d.due(T0.plusSeconds(40)))).containsExactly("c");
        assertThat(d.waiting()).isZero();
    }

    @Test
    void alertsArrivingAfterAGroupWasSentWaitForGroupIntervalAndTheGroupClosesWhenQuiet() {
        ChannelDispatcher d = new ChannelDispatcher(new GroupPolicy(Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ZERO, null));
        d.offer(alert("a", "t", "r"), 1, T0);
        assertThat(sent(d.due(T0.plusSeconds(30)))).containsExactly("a");
        assertThat(d.offer(alert("b", "t", "r"), 2, T0.plusSeconds(60))).isEmpty();
        assertThat(d.nextDue(T0.plusSeconds(60))).contains(T0.plusSeconds(330));
        assertThat(d.due(T0.plusSeconds(329))).isEmpty();
        assertThat(sent(d.due(T0.plusSeconds(330)))).containsExactly("b");
        // Quiet for a group interval: the group closes, and the next alert waits group_wait again.
        d.due(T0.plusSeconds(630));
        d.offer(alert("c", "t", "r"), 3, T0.plusSeconds(700));
        assertThat(d.nextDue(T0.plusSeconds(700))).contains(T0.plusSeconds(730));
    }

    @Test
    void aRepeatWithinRepeatIntervalIsSuppressedAndALaterOneIsSent() {
        ChannelDispatcher d = new ChannelDispatcher(new GroupPolicy(Duration.ZERO, Duration.ZERO, Duration.ofHours(4), null));
        assertThat(sent(d.offer(alert("a", "t", "r"), 1, T0))).containsExactly("a");
        List<Dispatch> repeat = d.offer(alert("a", "t", "r"), 2, T0.plus(Duration.ofHours(1)));
        assertThat(repeat).singleElement().isInstanceOfSatisfying(Dispatch.Suppress.class, s -> {
            assertThat(s.reason()).contains("repeat_interval of PT4H");
            assertThat(s.tickets()).containsExactly(2);
        });
        assertThat(sent(d.offer(alert("a", "t", "r"), 3, T0.plus(Duration.ofHours(4))))).containsExactly("a");
    }

    @Test
    void overTheBudgetAlertsAreHeldInOrderAndGoOutAsOneDigestWhenTheBudgetAllows() {
        ChannelDispatcher d = new ChannelDispatcher(new GroupPolicy(Duration.ZERO, Duration.ZERO, Duration.ZERO,
                RateBudget.parse("2/1m")));
        assertThat(sent(d.offer(alert("a", "t", "r"), 1, T0))).containsExactly("a");
        assertThat(sent(d.offer(alert("b", "t", "r"), 2, T0))).containsExactly("b");
        assertThat(d.offer(alert("c", "t", "r"), 3, T0.plusSeconds(1))).isEmpty();
        assertThat(d.offer(alert("d", "t", "r"), 4, T0.plusSeconds(2))).isEmpty();
        assertThat(d.waiting()).isEqualTo(2);
        assertThat(d.nextDue(T0.plusSeconds(2))).contains(T0.plusSeconds(30));
        assertThat(d.due(T0.plusSeconds(29))).isEmpty();
        // A new alert arriving when a token is back still queues behind the held ones.
        List<Dispatch> due = d.due(T0.plusSeconds(30));
        assertThat(sent(due)).containsExactly("c+d (digest)");
        assertThat(due.get(0).tickets()).containsExactly(3, 4);
        assertThat(d.offer(alert("e", "t", "r"), 5, T0.plusSeconds(31))).isEmpty();
        assertThat(sent(d.due(T0.plusSeconds(60)))).containsExactly("e (digest)");
    }

    @Test
    void rateBudgetsParseAndRefuseNonsense() {
        assertThat(RateBudget.parse("120/1m")).isEqualTo(new RateBudget(120, Duration.ofMinutes(1)));
        assertThat(RateBudget.parse("120/1m")).hasToString("120/1m");
        for (String bad : List.of("120", "0/1m", "5/100ms", "x/1m", "5/2d")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> RateBudget.parse(bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aRepeatOfAnAlertWhoseNotificationFailedIsSentNotSuppressed() {
        ChannelDispatcher d = new ChannelDispatcher(new GroupPolicy(Duration.ZERO, Duration.ZERO, Duration.ofHours(4), null));
        Alert a = alert("a", "t", "r");
        assertThat(sent(d.offer(a, 1, T0))).containsExactly("a");
        d.notDelivered(List.of(a));
        assertThat(sent(d.offer(a, 2, T0.plus(Duration.ofMinutes(10))))).containsExactly("a");
    }
}

package dev.vigil.notifier.consume;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.Alert;
import dev.vigil.avro.AlertLifecycleEvent;
import dev.vigil.avro.DeliveryOutcome;
import dev.vigil.avro.LifecycleAction;
import dev.vigil.avro.NotificationRecord;
import dev.vigil.avro.Severity;
import dev.vigil.notifier.delivery.ChannelDelivery;
import dev.vigil.notifier.delivery.DeliveryRuntime;
import dev.vigil.notifier.delivery.RetryPolicy;
import dev.vigil.notifier.delivery.StopSignal;
import dev.vigil.notifier.route.ChannelTable;
import dev.vigil.notifier.route.RoutedChannel;
import dev.vigil.notifier.route.Silencer;
import dev.vigil.notifier.testing.ScriptedChannel;
import dev.vigil.notifier.testing.TestAlerts;
import dev.vigil.serde.SerdeFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** Routing in the loop: matchers, explicit channels, silences, channel changes, and lifecycle events. */
class RoutingLoopTest {

    private static final String ALERTS = "alerts";
    private static final String EVENTS = "alert-events";
    private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");
    private static final TopicPartition A0 = new TopicPartition(ALERTS, 0);
    private static final TopicPartition E0 = new TopicPartition(EVENTS, 0);

    private final SerdeFactory serdes = SerdeFactory.forRegistry("mem://routing-" + UUID.randomUUID());
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
    private final MockProducer<String, NotificationRecord> ledger = new MockProducer<>(true, null, new StringSerializer(),
            serdes.valueSerde(NotificationRecord.class).serializer());
    private final AtomicReference<ChannelTable> table = new AtomicReference<>(ChannelTable.EMPTY);
    private Silencer silencer = Silencer.NONE;
    private long alertOffset;
    private long eventOffset;

    RoutingLoopTest() {
        consumer.assign(List.of(A0, E0));
        consumer.updateBeginningOffsets(Map.of(A0, 0L, E0, 0L));
    }

    private RoutedChannel channel(String name, ScriptedChannel channel, Set<Severity> severities, Map<String, String> matchers,
                                  boolean enabled) {
        return channel(name, channel, severities, matchers, enabled, dev.vigil.notifier.dispatch.GroupPolicy.IMMEDIATE);
    }

    private RoutedChannel channel(String name, ScriptedChannel channel, Set<Severity> severities, Map<String, String> matchers,
                                  boolean enabled, dev.vigil.notifier.dispatch.GroupPolicy policy) {
        ChannelDelivery delivery = new ChannelDelivery(name, channel, severities, new RetryPolicy(2, Duration.ZERO, Duration.ZERO),
                new DeliveryRuntime(pause -> true, registry, Clock.fixed(NOW, ZoneOffset.UTC), () -> 0.0));
        return new RoutedChannel(delivery, enabled, matchers, policy);
    }

    private AlertLoop loop;

    /** One poll of the same loop (it remembers the alerts it routed). */
    private List<NotificationRecord> run() {
        if (loop == null) {
            loop = new AlertLoop(consumer, ledger, serdes.valueSerde(Alert.class).deserializer(),
                serdes.valueSerde(AlertLifecycleEvent.class).deserializer(), table::get, (a, n) -> silencer.silencing(a, n),
                new AlertLoop.Topics(ALERTS, "ledger", EVENTS), new StopSignal(), registry, Clock.fixed(NOW, ZoneOffset.UTC),
                Duration.ZERO);
        }
        loop.pollOnce();
        List<NotificationRecord> out = ledger.history().stream().map(r -> r.value()).toList();
        ledger.clear();
        return out;
    }

    private void alert(Alert alert) {
        consumer.addRecord(new ConsumerRecord<>(ALERTS, 0, alertOffset++, alert.getAgentId(),
                serdes.valueSerde(Alert.class).serializer().serialize(ALERTS, alert)));
    }

    private void event(AlertLifecycleEvent event) {
        consumer.addRecord(new ConsumerRecord<>(EVENTS, 0, eventOffset++, event.getAgentId(),
                serdes.valueSerde(AlertLifecycleEvent.class).serializer().serialize(EVENTS, event)));
    }

    private static AlertLifecycleEvent lifecycle(Alert alert, LifecycleAction action, String eventId) {
        return AlertLifecycleEvent.newBuilder().setEventId(eventId).setAction(action).setAlertId(alert.getAlertId())
                .setTenantId(alert.getTenantId()).setAgentId(alert.getAgentId()).setRuleId(alert.getRuleId())
                .setActor("alice").setOccurredAt(NOW).build();
    }

    @Test
    void anAlertGoesToTheEnabledChannelsWhoseMatchersMatchIt() {
        Alert alert = TestAlerts.scopeEscalation().build();
        ScriptedChannel all = new ScriptedChannel();
        ScriptedChannel sameTenant = new ScriptedChannel();
        ScriptedChannel otherTenant = new ScriptedChannel();
        ScriptedChannel disabled = new ScriptedChannel();
        ScriptedChannel otherRule = new ScriptedChannel();
        table.set(ChannelTable.of(List.of(
                channel("all", all, Set.of(), Map.of(), true),
                channel("same-tenant", sameTenant, Set.of(), Map.of("tenantId", alert.getTenantId(), "category", alert.getCategory()), true),
                channel("other-tenant", otherTenant, Set.of(), Map.of("tenantId", "someone-else"), true),
                channel("disabled", disabled, Set.of(), Map.of(), false),
                channel("other-rule", otherRule, Set.of(), Map.of("ruleId", "velocity_spike"), true))));
        alert(alert);

        List<NotificationRecord> records = run();

        assertThat(records).extracting(NotificationRecord::getChannel).containsExactly("all", "same-tenant");
        assertThat(otherTenant.deliveryIds()).isEmpty();
        assertThat(disabled.deliveryIds()).isEmpty();
        assertThat(otherRule.deliveryIds()).isEmpty();
    }

    @Test
    void anAlertNamingChannelsGoesToExactlyThoseStillFilteredBySeverityAndAMissingOneIsRecordedAsFailed() {
        Alert alert = TestAlerts.scopeEscalation().setSeverity(Severity.high).setChannels(List.of("pager", "ops", "nowhere")).build();
        ScriptedChannel pager = new ScriptedChannel();
        ScriptedChannel ops = new ScriptedChannel();
        ScriptedChannel bystander = new ScriptedChannel();
        table.set(ChannelTable.of(List.of(
                channel("pager", pager, Set.of(Severity.critical), Map.of(), true),
                channel("ops", ops, Set.of(), Map.of("tenantId", "someone-else"), true),
                channel("bystander", bystander, Set.of(), Map.of(), true))));
        alert(alert);

        List<NotificationRecord> records = run();

        assertThat(records).extracting(r -> r.getChannel() + ":" + r.getOutcome())
                .containsExactly("nowhere:failed", "pager:filtered", "ops:delivered");
        assertThat(records.get(0).getReason()).isEqualTo("the alert names channel nowhere, which does not exist");
        assertThat(bystander.deliveryIds()).isEmpty();
    }

    @Test
    void aSilencedAlertIsRecordedAsSilencedOnEveryChannelItWasForAndSentNowhere() {
        Alert alert = TestAlerts.scopeEscalation().build();
        ScriptedChannel a = new ScriptedChannel();
        table.set(ChannelTable.of(List.of(channel("a", a, Set.of(), Map.of(), true))));
        silencer = (al, now) -> al.getAgentId().equals(alert.getAgentId()) ? Optional.of("silenced by s-1") : Optional.empty();
        alert(alert);

        List<NotificationRecord> records = run();

        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.getOutcome()).isEqualTo(DeliveryOutcome.silenced);
            assertThat(r.getReason()).isEqualTo("silenced by s-1");
        });
        assertThat(a.deliveryIds()).isEmpty();
    }

    @Test
    void aChannelTableChangeAppliesToTheNextAlert() {
        ScriptedChannel first = new ScriptedChannel();
        ScriptedChannel second = new ScriptedChannel();
        table.set(ChannelTable.of(List.of(channel("first", first, Set.of(), Map.of(), true))));
        alert(TestAlerts.scopeEscalation().setAlertId("a-1").build());
        run();
        table.set(table.get().without("first").with(channel("second", second, Set.of(), Map.of(), true)));
        alert(TestAlerts.scopeEscalation().setAlertId("a-2").build());
        run();
        assertThat(first.deliveryIds()).hasSize(1);
        assertThat(second.deliveryIds()).hasSize(1);
    }

    @Test
    void acknowledgementsAndResolutionsGoToTheLifecycleChannelsTheAlertWentTo() {
        Alert alert = TestAlerts.scopeEscalation().setSeverity(Severity.critical).build();
        ScriptedChannel pager = ScriptedChannel.followingLifecycle();
        ScriptedChannel lowOnlyPager = ScriptedChannel.followingLifecycle();
        ScriptedChannel slack = new ScriptedChannel();
        table.set(ChannelTable.of(List.of(
                channel("pager", pager, Set.of(), Map.of(), true),
                channel("low-pager", lowOnlyPager, Set.of(Severity.low), Map.of(), true),
                channel("slack", slack, Set.of(), Map.of(), true))));
        alert(alert);
        run();
        event(lifecycle(alert, LifecycleAction.ACKNOWLEDGE, "ev-1"));
        event(lifecycle(alert, LifecycleAction.COMMENT, "ev-2"));
        event(lifecycle(alert, LifecycleAction.RESOLVE, "ev-3"));

        List<NotificationRecord> records = run();

        assertThat(records).extracting(r -> r.getChannel() + ":" + r.getTrigger() + ":" + r.getOutcome())
                .containsExactly("pager:acknowledge:delivered", "pager:resolve:delivered");
        assertThat(pager.deliveryIds()).hasSize(3);
        assertThat(lowOnlyPager.deliveryIds()).isEmpty();
        assertThat(slack.deliveryIds()).hasSize(1);
    }

    @Test
    void aLifecycleEventOfAnAlertNotSeenSinceTheStartGoesToEveryLifecycleChannelThatMayMatch() {
        Alert alert = TestAlerts.scopeEscalation().build();
        ScriptedChannel pager = ScriptedChannel.followingLifecycle();
        ScriptedChannel otherTenantPager = ScriptedChannel.followingLifecycle();
        table.set(ChannelTable.of(List.of(
                channel("pager", pager, Set.of(), Map.of("category", "whatever"), true),
                channel("other", otherTenantPager, Set.of(), Map.of("tenantId", "someone-else"), true))));
        event(lifecycle(alert, LifecycleAction.RESOLVE, "ev-9"));

        List<NotificationRecord> records = run();

        assertThat(records).extracting(r -> r.getChannel() + ":" + r.getTrigger()).containsExactly("pager:resolve");
        assertThat(otherTenantPager.deliveryIds()).isEmpty();
    }

    @Test
    void aLifecycleEventOlderThanADayIsNotPassedOn() {
        Alert alert = TestAlerts.scopeEscalation().build();
        ScriptedChannel pager = ScriptedChannel.followingLifecycle();
        table.set(ChannelTable.of(List.of(channel("pager", pager, Set.of(), Map.of(), true))));
        AlertLifecycleEvent old = lifecycle(alert, LifecycleAction.RESOLVE, "ev-old");
        old.setOccurredAt(NOW.minus(Duration.ofHours(25)));
        event(old);

        assertThat(run()).isEmpty();
        assertThat(pager.deliveryIds()).isEmpty();
    }

    @Test
    void aRepeatWithinRepeatIntervalIsSuppressedUnlessTheFirstNotificationFailed() {
        Alert first = TestAlerts.scopeEscalation().setAlertId("r-1").build();
        Alert failing = TestAlerts.scopeEscalation().setAlertId("r-2").build();
        ScriptedChannel hook = new ScriptedChannel(dev.vigil.notifier.channel.DeliveryResult.delivered(204),
                dev.vigil.notifier.channel.DeliveryResult.permanent(400, "HTTP 400"));
        table.set(ChannelTable.of(List.of(channel("hook", hook, Set.of(), Map.of(), true,
                new dev.vigil.notifier.dispatch.GroupPolicy(Duration.ZERO, Duration.ZERO, Duration.ofHours(4), null)))));
        alert(first);
        alert(failing);
        run();
        alert(TestAlerts.scopeEscalation().setAlertId("r-1").setOccurrences(2).build());
        alert(TestAlerts.scopeEscalation().setAlertId("r-2").setOccurrences(2).build());

        List<NotificationRecord> records = run();

        assertThat(records).extracting(r -> r.getAlertId() + ":" + r.getOutcome())
                .containsExactly("r-1:suppressed", "r-2:delivered");
        assertThat(records.get(0).getReason()).contains("repeat_interval");
    }
}

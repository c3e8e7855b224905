package dev.vigil.cli.notifier;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.vigil.avro.Alert;
import dev.vigil.avro.ChannelConfig;
import dev.vigil.avro.DeliveryOutcome;
import dev.vigil.avro.Evidence;
import dev.vigil.avro.NotificationRecord;
import dev.vigil.avro.Severity;
import dev.vigil.cli.Cli;
import dev.vigil.core.config.CommonConfig;
import dev.vigil.core.config.Topics;
import dev.vigil.ingest.AlertJson;
import dev.vigil.notifier.NotifierConfig;
import dev.vigil.notifier.delivery.DeliveryId;
import dev.vigil.serde.SerdeFactory;
import dev.vigil.testkit.KafkaClusterExtension;
import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigil notifier redrive} on a real broker against a WireMock webhook: an alert whose webhook delivery the ledger
 * records as failed is sent again with the same idempotency key, and the new outcome is on the ledger.
 */
class RedriveCommandTest {

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();

    @RegisterExtension
    static final WireMockExtension RECEIVER = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String HOOK = "/hooks/vigil";
    private static final String SUMMARY_ONE_DELIVERED =
            "redrive: 1 failed delivery found, 1 delivered, 0 failed again, 0 skipped (alert not found / channel gone)";

    @TempDir
    Path dir;

    /** When the seeded failures happened: within the default window of 24 hours. */
    private final Instant failedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(10));
    private Topics topics;
    private SerdeFactory serdes;
    private Path config;

    @BeforeEach
    void topicsAndConfig() throws IOException {
        topics = KAFKA.createVigilTopics(KAFKA.uniqueTopics(), 2);
        String registry = KAFKA.registryUrl();
        serdes = SerdeFactory.forRegistry(registry);
        Properties settings = new Properties();
        topics.asConfig().forEach((k, v) -> settings.setProperty(k, String.valueOf(v)));
        settings.setProperty(CommonConfig.BOOTSTRAP_SERVERS, KAFKA.bootstrapServers());
        settings.setProperty(CommonConfig.SCHEMA_REGISTRY_URL, registry);
        settings.setProperty(NotifierConfig.CHANNELS, "webhook");
        settings.setProperty(NotifierConfig.WEBHOOK_URL, RECEIVER.baseUrl() + HOOK);
        settings.setProperty(NotifierConfig.WEBHOOK_MIN_SEVERITY, "low");
        settings.setProperty(NotifierConfig.ALLOWED_HOSTS, URI.create(RECEIVER.baseUrl()).getHost());
        settings.setProperty(NotifierConfig.RETRY_MAX_ATTEMPTS, "2");
        settings.setProperty(NotifierConfig.RETRY_INITIAL_BACKOFF, "10ms");
        settings.setProperty(NotifierConfig.RETRY_MAX_BACKOFF, "50ms");
        config = dir.resolve("notifier.properties");
        try (Writer out = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
            settings.store(out, null);
        }
    }

    @Test
    void resendsAFailedWebhookDeliveryWithTheSameKeyAndRecordsItDelivered() {
        RECEIVER.stubFor(post(urlPathEqualTo(HOOK)).willReturn(aResponse().withStatus(204)));
        Alert alert = produceAlert("alert-redriven");
        String key = DeliveryId.of(alert, "webhook");
        produceFailure(alert, "webhook", key);

        Cli.Result result = Cli.run("notifier", "redrive", "--config", config.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out().lines()).containsExactly(
                "delivered     alert alert-redriven to webhook, key " + key + ": attempt 1, status 204", SUMMARY_ONE_DELIVERED);
        List<LoggedRequest> requests = RECEIVER.findAll(postRequestedFor(urlPathEqualTo(HOOK)));
        assertThat(requests).hasSize(1);
        assertThat(requests.get(0).getHeader("Idempotency-Key")).isEqualTo(key);
        assertThat(requests.get(0).getBodyAsString()).isEqualTo(AlertJson.write(alert));
        NotificationRecord delivered = ledger(3).get(2).value();
        assertThat(delivered.getAlertId()).isEqualTo("alert-redriven");
        assertThat(delivered.getDeliveryId()).isEqualTo(key);
        assertThat(delivered.getChannel()).isEqualTo("webhook");
        assertThat(delivered.getTrigger()).isEqualTo("alert");
        assertThat(delivered.getOutcome()).isEqualTo(DeliveryOutcome.delivered);
        assertThat(delivered.getStatusCode()).isEqualTo(204);

        Cli.Result again = Cli.run("notifier", "redrive", "--config", config.toString());

        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).isEqualTo("redrive: 0 failed deliveries found, 0 delivered, 0 failed again, 0 skipped"
                + " (alert not found / channel gone)" + System.lineSeparator());
        RECEIVER.verify(1, postRequestedFor(urlPathEqualTo(HOOK)));
    }

    @Test
    void aDryRunListsWhatWouldBeResentAndSendsNothing() {
        RECEIVER.stubFor(post(urlPathEqualTo(HOOK)).willReturn(aResponse().withStatus(204)));
        Alert alert = produceAlert("alert-listed");
        String key = DeliveryId.of(alert, "webhook");
        produceFailure(alert, "webhook", key);

        Cli.Result result = Cli.run("notifier", "redrive", "--config", config.toString(), "--dry-run");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out().lines()).containsExactly(
                "would re-send alert alert-listed to webhook, key " + key + ": failed at " + failedAt
                        + ": gave up after 3 attempts: HTTP 503 Service Unavailable",
                "redrive (dry run): 1 failed delivery found, 1 would be re-sent, 0 would be skipped"
                        + " (alert not found / channel gone); nothing sent");
        RECEIVER.verify(0, postRequestedFor(urlPathEqualTo(HOOK)));
        assertThat(ledger(2)).hasSize(2);
    }

    @Test
    void aChannelThatFailsAgainIsRecordedAndExitsOne() {
        RECEIVER.stubFor(post(urlPathEqualTo(HOOK)).willReturn(aResponse().withStatus(503)));
        Alert alert = produceAlert("alert-still-failing");
        String key = DeliveryId.of(alert, "webhook");
        produceFailure(alert, "webhook", key);

        Cli.Result result = Cli.run("notifier", "redrive", "--config", config.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out().lines()).hasSize(2);
        assertThat(result.out().lines().findFirst().orElseThrow())
                .startsWith("failed again  alert alert-still-failing to webhook, key " + key + ": gave up after 2 attempts: ")
                .contains("503");
        assertThat(result.out()).contains("redrive: 1 failed delivery found, 0 delivered, 1 failed again, 0 skipped");
        assertThat(RECEIVER.findAll(postRequestedFor(urlPathEqualTo(HOOK))))
                .hasSize(2).extracting(r -> r.getHeader("Idempotency-Key")).containsOnly(key);
        assertThat(ledger(4)).extracting(r -> r.value().getOutcome() + " " + r.value().getAttempt() + " " + r.value().getDeliveryId())
                .containsExactly("retrying 1 " + key, "failed 3 " + key, "retrying 1 " + key, "failed 2 " + key);
    }

    @Test
    void skipsWhatCannotBeSentAndNarrowsToTheChannelAndAlertAsked() {
        RECEIVER.stubFor(post(urlPathEqualTo(HOOK)).willReturn(aResponse().withStatus(204)));
        Alert alert = produceAlert("alert-known");
        Alert vanished = alert("alert-vanished");
        produceFailure(alert, "ops-pager", DeliveryId.of(alert, "ops-pager"));
        produceFailure(vanished, "webhook", DeliveryId.of(vanished, "webhook"));

        Cli.Result narrowed = Cli.run("notifier", "redrive", "--config", config.toString(), "--channel", "webhook",
                "--alert", "alert-known");
        Cli.Result all = Cli.run("notifier", "redrive", "--config", config.toString());

        assertThat(narrowed.exitCode()).isZero();
        assertThat(narrowed.out()).startsWith("redrive: 0 failed deliveries found");
        assertThat(all.exitCode()).isEqualTo(1);
        List<String> lines = all.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).isEqualTo("skipped       alert alert-known to ops-pager, key " + DeliveryId.of(alert, "ops-pager")
                + ": channel gone: neither configured nor on " + topics.channels());
        assertThat(lines.get(1)).startsWith("skipped       alert alert-vanished to webhook: alert not found on " + topics.alerts() + " since ");
        assertThat(lines.get(2)).isEqualTo(
                "redrive: 2 failed deliveries found, 0 delivered, 0 failed again, 2 skipped (alert not found / channel gone)");
        RECEIVER.verify(0, postRequestedFor(urlPathEqualTo(HOOK)));
    }

    @Test
    void sendsThroughAChannelOfTheChannelsTopicTheLatestVersionOfARepeatedAlert() {
        RECEIVER.stubFor(post(urlPathEqualTo("/hooks/ops")).willReturn(aResponse().withStatus(200)));
        KAFKA.produce(topics.channels(), "ops-hook", ChannelConfig.newBuilder().setName("ops-hook").setType("webhook")
                .setSettings(Map.of("url", RECEIVER.baseUrl() + "/hooks/ops")).build(),
                serdes.valueSerde(ChannelConfig.class).serializer());
        Alert first = produceAlert("alert-repeated");
        String failedKey = DeliveryId.of(first, "ops-hook");
        produceFailure(first, "ops-hook", failedKey);
        Alert repeat = Alert.newBuilder(first).setOccurrences(2).setLastSeen(first.getLastSeen().plusSeconds(60)).build();
        KAFKA.produce(topics.alerts(), repeat.getAgentId(), repeat, serdes.valueSerde(Alert.class).serializer());
        String repeatKey = DeliveryId.of(repeat, "ops-hook");

        Cli.Result result = Cli.run("notifier", "redrive", "--config", config.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out().lines()).containsExactly("delivered     alert alert-repeated to ops-hook, key " + repeatKey
                + " (the alert was repeated since, occurrences 2; the failed send had key " + failedKey + "): attempt 1, status 200",
                SUMMARY_ONE_DELIVERED);
        List<LoggedRequest> requests = RECEIVER.findAll(postRequestedFor(urlPathEqualTo("/hooks/ops")));
        assertThat(requests).hasSize(1);
        assertThat(requests.get(0).getHeader("Idempotency-Key")).isEqualTo(repeatKey);
        assertThat(requests.get(0).getBodyAsString()).isEqualTo(AlertJson.write(repeat));
        assertThat(ledger(3).get(2).value()).extracting(NotificationRecord::getChannel, NotificationRecord::getOutcome)
                .containsExactly("ops-hook", DeliveryOutcome.delivered);
    }

    @Test
    void aLedgerTopicThatDoesNotExistIsReportedAndLeftAlone() throws Exception {
        String missing = KAFKA.uniqueName("no-such-ledger");

        Cli.Result result = Cli.run("notifier", "redrive", "--config", config.toString(), "--set", Topics.NOTIFICATIONS + "=" + missing);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("topic " + missing + " does not exist");
        assertThat(KAFKA.adminClient().listTopics().names().get()).doesNotContain(missing);
    }

    private Alert produceAlert(String alertId) {
        Alert alert = alert(alertId);
        KAFKA.produce(topics.alerts(), alert.getAgentId(), alert, serdes.valueSerde(Alert.class).serializer());
        return alert;
    }

    /** What the notifier writes when a delivery's attempts run out: a retry, then the final failure. */
    private void produceFailure(Alert alert, String channel, String key) {
        KAFKA.produce(topics.notifications(), alert.getAlertId(), ledgerRecord(alert, channel, key, 1, DeliveryOutcome.retrying,
                "HTTP 503 Service Unavailable; attempt 2 in 1000 ms"), serdes.valueSerde(NotificationRecord.class).serializer());
        KAFKA.produce(topics.notifications(), alert.getAlertId(), ledgerRecord(alert, channel, key, 3, DeliveryOutcome.failed,
                "gave up after 3 attempts: HTTP 503 Service Unavailable"), serdes.valueSerde(NotificationRecord.class).serializer());
    }

    private NotificationRecord ledgerRecord(Alert alert, String channel, String key, int attempt, DeliveryOutcome outcome,
                                                   String reason) {
        return NotificationRecord.newBuilder().setDeliveryId(key).setAlertId(alert.getAlertId()).setChannel(channel)
                .setChannelType("webhook").setTrigger("alert").setAttempt(attempt).setOutcome(outcome).setStatusCode(503)
                .setReason(reason).setTenantId(alert.getTenantId()).setAgentId(alert.getAgentId()).setRuleId(alert.getRuleId())
                .setSeverity(alert.getSeverity()).setAttemptedAt(failedAt).setLatencyMs(12L).build();
    }

    private List<ConsumerRecord<String, NotificationRecord>> ledger(int count) {
        return KAFKA.consume(topics.notifications(), serdes.valueSerde(NotificationRecord.class).deserializer(), count, WAIT);
    }


    private static Alert alert(String alertId) {
        Instant detected = Instant.parse("2026-11-20T10:15:30.123Z");
        return Alert.newBuilder().setAlertId(alertId).setRuleId("scope_escalation").setRuleName("Scope escalation")
                .setCategory("access").setSeverity(Severity.critical).setScore(95).setCalibrating(false).setTenantId("t1")
                .setAgentId("did:web:agents.acme.example:billing-bot").setPrincipalId(null)
                .setDescription("Asked for scope admin:all, outside its 3 registered scopes")
                .setObserved(Map.of("scope", "admin:all")).setBaseline(Map.of("registeredScopes", "3"))
                .setWindowStart(detected).setWindowEnd(detected)
                .setEvidence(Evidence.newBuilder().setEventIds(List.of("ev-1")).setTopic("vigil.events.v1")
                        .setPartition(0).setFirstOffset(7L).setLastOffset(7L).build())
                .setSuggestedAction("Revoke the grant and review the agent's registration.").setAttack("T1078")
                .setOccurrences(1).setFirstSeen(detected).setLastSeen(detected).setDetectedAt(detected)
                .setChannels(List.of()).build();
    }
}

package dev.vigil.topology;

import static dev.vigil.topology.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.AgentProfile;
import dev.vigil.avro.Alert;
import dev.vigil.avro.Outcome;
import dev.vigil.avro.ReceiptPayload;
import dev.vigil.avro.Severity;
import dev.vigil.receipt.Ed25519Keys;
import dev.vigil.receipt.ReceiptSignatures;
import dev.vigil.topology.state.AgentStateSerde;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** signature_failure: receipts signed with Ed25519 over their canonical form, keys from the profile. */
class SignatureFailureTest {

    private static final String AGENT = "did:web:agents.example.com:billing-bot";
    private static final String RULE = "signature_failure";
    private static final KeyPair K1 = Ed25519Keys.fromSeed(seed(1));
    private static final KeyPair K2 = Ed25519Keys.fromSeed(seed(2));
    private static final KeyPair STRANGER = Ed25519Keys.fromSeed(seed(3));

    private final TopologyHarness topology = new TopologyHarness(TopologyHarness.only("signature_failure"));
    private int sequence;

    @BeforeEach
    void register() {
        topology.register(withKeys(Events.profile(AGENT, List.of()),
                Map.of("k1", Ed25519Keys.encodePublic(K1.getPublic()), "k2", Ed25519Keys.encodePublic(K2.getPublic()))));
    }

    @AfterEach
    void close() {
        topology.close();
    }

    @Test
    void staysQuietForCorrectlySignedReceiptsUnderEitherDeclaredKey() {
        topology.send(signed(receipt(T0, "12.50", "k1"), K1));
        topology.send(signed(receipt(T0.plusSeconds(1), "0.004512", "k2"), K2));

        assertThat(topology.alerts()).isEmpty();
    }

    @Test
    void firesWhenTheCostWasChangedByOneMicroDollarAfterSigning() {
        AgentEvent receipt = signed(receipt(T0, "12.50", "k1"), K1);
        payload(receipt).setCostUsd(new BigDecimal("12.500001"));
        topology.send(receipt);

        List<Alert> alerts = topology.alerts();
        assertThat(alerts).hasSize(1);
        Alert alert = alerts.get(0);
        assertThat(alert.getRuleId()).isEqualTo(RULE);
        assertThat(alert.getSeverity()).isEqualTo(Severity.critical);
        assertThat(alert.getScore()).isEqualTo(100);
        assertThat(alert.getCategory()).isEqualTo("integrity");
        assertThat(alert.getAttack()).isEqualTo("T1565.002");
        assertThat(alert.getDescription()).isEqualTo("receipt rcpt-0 ($12.500001, anthropic claude-3-5-sonnet) carries a "
                + "signature that does not verify under key k1: it was changed after signing or signed by someone else");
        assertThat(alert.getObserved())
                .isEqualTo(Map.of("cost_usd", "12.500001", "input_tokens", "1200", "output_tokens", "300"));
        assertThat(alert.getBaseline()).isEqualTo(Map.of("declared_keys", "2"));
        assertThat(alert.getSuggestedAction()).startsWith("Quarantine receipt rcpt-0");
        assertThat(alert.getWindowStart()).isEqualTo(T0);
        assertThat(alert.getWindowEnd()).isEqualTo(T0);
    }

    @Test
    void firesForASignatureMadeWithAnotherKeyUnderADeclaredKeyId() {
        topology.send(signed(receipt(T0, "3.00", "k1"), STRANGER));

        assertThat(topology.alerts()).extracting(Alert::getDescription).singleElement().asString()
                .contains("does not verify under key k1");
    }

    @Test
    void firesForAnUnknownKeyId() {
        topology.send(signed(receipt(T0, "3.00", "k9"), STRANGER));

        assertThat(topology.alerts()).extracting(Alert::getDescription).containsExactly(
                "receipt rcpt-0 ($3.00, anthropic claude-3-5-sonnet) is signed with key k9, which is unknown: "
                        + "the profile declares k1, k2");
    }

    @Test
    void firesForASignedReceiptWithoutKeyId() {
        topology.send(signed(receipt(T0, "3.00", null), K1));

        assertThat(topology.alerts()).extracting(Alert::getDescription).singleElement().asString()
                .contains("names no signing key (keyId is missing)");
    }

    @Test
    void firesForMalformedSignaturesWithoutFailing() {
        AgentEvent notBase64 = receipt(T0, "3.00", "k1");
        payload(notBase64).setSignature("not base64url!");
        AgentEvent tooShort = receipt(T0.plusSeconds(1), "3.00", "k1");
        payload(tooShort).setSignature("AAAA");
        AgentEvent empty = receipt(T0.plusSeconds(2), "3.00", "k1");
        payload(empty).setSignature("");
        topology.send(notBase64).send(tooShort).send(empty);

        assertThat(topology.alerts()).extracting(Alert::getRuleId).containsExactly(RULE);
        assertThat(topology.stateStore().get(AGENT).openAlert(RULE).orElseThrow().occurrences()).isEqualTo(3);
        assertThat(topology.deadLetters()).isEmpty();
    }

    @Test
    void firesForAnUnsignedReceiptFromAnAgentThatDeclaresKeys() {
        topology.send(receipt(T0, "3.00", null));

        assertThat(topology.alerts()).extracting(Alert::getDescription).containsExactly(
                "receipt rcpt-0 ($3.00, anthropic claude-3-5-sonnet) is unsigned, but the profile declares signing keys (k1, k2)");
    }

    @Test
    void staysQuietForAnUnsignedReceiptFromAnAgentWithoutKeys() {
        try (TopologyHarness keyless = new TopologyHarness(TopologyHarness.only("signature_failure"))) {
            keyless.register(Events.profile(AGENT, List.of()));
            keyless.send(receipt(T0, "3.00", null));

            assertThat(keyless.alerts()).isEmpty();
        }
    }

    @Test
    void firesForASignedReceiptFromAnAgentWithoutKeys() {
        try (TopologyHarness keyless = new TopologyHarness(TopologyHarness.only("signature_failure"))) {
            keyless.register(Events.profile(AGENT, List.of()));
            keyless.send(signed(receipt(T0, "3.00", "k1"), K1));

            assertThat(keyless.alerts()).extracting(Alert::getDescription).singleElement().asString()
                    .endsWith("is signed with key k1, which is unknown: the profile declares no keys");
        }
    }

    @Test
    void firesWhenTheProfilesKeyIsMalformed() {
        try (TopologyHarness broken = new TopologyHarness(TopologyHarness.only("signature_failure"))) {
            broken.register(withKeys(Events.profile(AGENT, List.of()), Map.of("k1", "c2hvcnQ")));
            broken.send(signed(receipt(T0, "3.00", "k1"), K1));
            broken.send(signed(receipt(T0.plusSeconds(1), "3.00", "k1"), K1));

            assertThat(broken.alerts()).extracting(Alert::getDescription).singleElement().asString()
                    .endsWith("cannot be verified: the profile's key k1 is not a raw 32-byte Ed25519 public key");
        }
    }

    @Test
    void anAgentsProfileCanAcceptUnsignedReceiptsButNotBadSignatures() {
        try (TopologyHarness lenient = new TopologyHarness(TopologyHarness.only("signature_failure"))) {
            lenient.register(AgentProfile.newBuilder(withKeys(Events.profile(AGENT, List.of()),
                    Map.of("k1", Ed25519Keys.encodePublic(K1.getPublic()))))
                    .setSettings(Map.of("signature_failure.require-signature", "false")).build());
            lenient.send(receipt(T0, "3.00", null));
            assertThat(lenient.alerts()).isEmpty();

            AgentEvent tampered = signed(receipt(T0.plusSeconds(1), "3.00", "k1"), K1);
            payload(tampered).setModel("gpt-4o-mini");
            lenient.send(tampered);
            assertThat(lenient.alerts()).extracting(Alert::getRuleId).containsExactly(RULE);
        }
    }

    @Test
    void firesAtFullStrengthWhileTheAgentCalibrates() {
        try (TopologyHarness calibrating = new TopologyHarness(TopologyHarness.only("signature_failure"))) {
            calibrating.register(withKeys(Events.calibratingProfile(AGENT, 7),
                    Map.of("k1", Ed25519Keys.encodePublic(K1.getPublic()))));
            calibrating.send(signed(receipt(T0, "3.00", "k1"), STRANGER));

            List<Alert> alerts = calibrating.alerts();
            assertThat(alerts).extracting(Alert::getRuleId).containsExactly(RULE);
            assertThat(alerts.get(0).getCalibrating()).isFalse();
            assertThat(alerts.get(0).getScore()).isEqualTo(100);
        }
    }

    @Test
    void aLateReceiptIsVerifiedLikeAnyOther() {
        topology.send(signed(receipt(T0.plus(Duration.ofHours(1)), "1.00", "k1"), K1));
        topology.send(signed(receipt(T0, "1.00", "k1"), K1));
        AgentEvent lateTampered = signed(receipt(T0.plusSeconds(1), "1.00", "k1"), K1);
        payload(lateTampered).setOutputTokens(3);
        topology.send(lateTampered);

        assertThat(topology.counter("vigil.events.late")).isEqualTo(2);
        assertThat(topology.alerts()).extracting(Alert::getDescription).singleElement().asString()
                .startsWith("receipt rcpt-2 ");
    }

    @Test
    void keepsNoStateSoARestartChangesNothing() {
        for (int i = 1; i <= 50; i++) {
            topology.send(signed(receipt(T0.plusSeconds(i), "1.00", "k" + (1 + i % 2)), i % 2 == 0 ? K1 : K2));
        }
        String stored = new String(new AgentStateSerde().serialize("t", topology.stateStore().get(AGENT)),
                StandardCharsets.ISO_8859_1);
        assertThat(topology.alerts()).isEmpty();
        assertThat(stored).as("no state section of its own").doesNotContain(RULE);

        try (TopologyHarness restarted = topology.restart()) {
            restarted.send(signed(receipt(T0.plusSeconds(60), "1.00", "k1"), K1));
            restarted.send(signed(receipt(T0.plusSeconds(61), "1.00", "k1"), K2));

            assertThat(restarted.alerts()).extracting(Alert::getRuleId).containsExactly(RULE);
        }
    }

    @Test
    void leavesAnAgentWithoutProfileToUnknownAgent() {
        AgentEvent stranger = signed(receipt(T0, "1.00", "k1"), STRANGER);
        stranger.setAgentId("did:web:other");
        try (TopologyHarness both = new TopologyHarness(TopologyHarness.only("signature_failure", "unknown_agent"))) {
            both.send(stranger);

            assertThat(both.alerts()).extracting(Alert::getRuleId).containsExactly("unknown_agent");
        }
    }

    private AgentEvent receipt(Instant at, String costUsd, String keyId) {
        return AgentEvent.newBuilder().setEventId("e" + sequence).setTenantId(Events.TENANT).setAgentId(AGENT)
                .setPrincipalId("user-1").setOccurredAt(at).setSourceIp("203.0.113.7").setOutcome(Outcome.success)
                .setPayload(ReceiptPayload.newBuilder().setReceiptId("rcpt-" + sequence++).setProvider("anthropic")
                        .setModel("claude-3-5-sonnet").setInputTokens(1200).setOutputTokens(300)
                        .setCostUsd(new BigDecimal(costUsd).setScale(6)).setBudgetId("budget-1").setKeyId(keyId).build())
                .build();
    }

    private static AgentEvent signed(AgentEvent event, KeyPair key) {
        payload(event).setSignature(ReceiptSignatures.sign(event, key.getPrivate()));
        return event;
    }

    private static ReceiptPayload payload(AgentEvent event) {
        return (ReceiptPayload) event.getPayload();
    }

    private static AgentProfile withKeys(AgentProfile profile, Map<String, String> keys) {
        return AgentProfile.newBuilder(profile).setPublicKeys(keys).build();
    }

    private static byte[] seed(int value) {
        byte[] seed = new byte[32];
        Arrays.fill(seed, (byte) value);
        return seed;
    }
}

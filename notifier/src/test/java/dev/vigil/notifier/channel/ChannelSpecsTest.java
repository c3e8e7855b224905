package dev.vigil.notifier.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.avro.ChannelConfig;
import dev.vigil.avro.Severity;
import dev.vigil.notifier.channel.console.ConsoleChannel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ChannelSpecsTest {

    private static final String TOKEN = "tok-5f1d2c9a8b7e";

    /** A type with one secret setting whose check, carelessly, quotes the secret in its reason. */
    static final ChannelType FAKE = new ChannelType("fake", settings -> {
        if (settings.get("url") == null) {
            throw new ChannelSettingsException("settings.url", "is required");
        }
        String token = settings.getOrDefault("token", "");
        if (token.startsWith("bad")) {
            throw new ChannelSettingsException("settings.token", "token " + token + " is not a token");
        }
        if (token.startsWith("boom")) {
            throw new IllegalArgumentException("cannot use " + token);
        }
    }, Set.of("token"), (config, hosts) -> new ConsoleChannel(System.out));

    private final ChannelSpecs specs = ChannelSpecs.STANDARD.with(FAKE);

    private static ChannelConfig.Builder console() {
        return ChannelConfig.newBuilder().setName("ops-console").setType("console");
    }

    private static ChannelConfig.Builder fake(String token) {
        return ChannelConfig.newBuilder().setName("hook").setType("fake")
                .setSettings(Map.of("url", "https://hooks.example.com/in", "token", token));
    }

    @Test
    void aConsoleChannelWithDefaultsValidatesAndBuilds() {
        ChannelSpec spec = ChannelSpecs.STANDARD.validate(console().build());

        assertThat(spec.name()).isEqualTo("ops-console");
        assertThat(spec.enabled()).isTrue();
        assertThat(spec.severities()).isEmpty();
        assertThat(spec.matchers()).isEmpty();
        assertThat(spec.groupWait()).isNull();
        assertThat(spec.groupInterval()).isNull();
        assertThat(spec.repeatInterval()).isNull();
        assertThat(ChannelSpecs.STANDARD.build(spec, HostPolicy.PUBLIC_ONLY)).isInstanceOf(ConsoleChannel.class);
    }

    @Test
    void theCommonFieldsAreTyped() {
        ChannelSpec spec = specs.validate(fake(TOKEN).setEnabled(false).setSeverities(List.of(Severity.high, Severity.critical))
                .setMatchers(Map.of("tenantId", "acme", "category", "access"))
                .setGroupWait("30s").setGroupInterval("5m").setRepeatInterval("PT4H").build());

        assertThat(spec.enabled()).isFalse();
        assertThat(spec.severities()).containsExactlyInAnyOrder(Severity.high, Severity.critical);
        assertThat(spec.matchers()).containsOnly(Map.entry("tenantId", "acme"), Map.entry("category", "access"));
        assertThat(spec.groupWait()).isEqualTo(Duration.ofSeconds(30));
        assertThat(spec.groupInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(spec.repeatInterval()).isEqualTo(Duration.ofHours(4));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "slash/name", "ünicode", "a-name-of-sixty-five-characters-is-one-too-many-for-a-channel-name"})
    void aNameOutsideTheAlphabetOrLongerThan64IsRefused(String name) {
        assertField(() -> specs.validate(console().setName(name).build()), "name", "1 to 64 of the characters");
    }

    @Test
    void aNameOf64CharactersIsFine() {
        assertThat(specs.validate(console().setName("a".repeat(64)).build()).name()).hasSize(64);
    }

    @Test
    void anUnknownTypeIsRefusedListingTheKnownOnes() {
        assertField(() -> specs.validate(console().setType("telegraph").build()), "type",
                "unknown type \"telegraph\"; known: console, datadog, email, fake, pagerduty, slack, webhook");
        assertField(() -> specs.validate(console().setType("").build()), "type", "is required; known: console, datadog, email, fake, pagerduty, slack, webhook");
    }

    @Test
    void aSeverityListedTwiceIsRefused() {
        assertField(() -> specs.validate(console().setSeverities(List.of(Severity.high, Severity.high)).build()),
                "severities", "lists high twice");
    }

    @Test
    void matchersAreTheFourAlertFieldsWithValues() {
        assertField(() -> specs.validate(console().setMatchers(Map.of("severity", "high")).build()),
                "matchers.severity", "allowed: tenantId, agentId, ruleId, category");
        assertField(() -> specs.validate(console().setMatchers(Map.of("agentId", " ")).build()),
                "matchers.agentId", "must not be blank");
        assertThat(specs.validate(console().setMatchers(Map.of("tenantId", "t", "agentId", "a", "ruleId", "r",
                "category", "c")).build()).matchers()).hasSize(4);
    }

    @ParameterizedTest
    @CsvSource({
            "groupWait, 61m, must be from 0s to 1h",
            "groupWait, soon, is not a duration",
            "groupInterval, 0s, must be from 1s to 1d",
            "groupInterval, 25h, must be from 1s to 1d",
            "repeatInterval, 59s, must be from 1m to 30d",
            "repeatInterval, 31d, must be from 1m to 30d",
    })
    void durationsOutOfTheirRangeAreRefused(String field, String value, String reason) {
        ChannelConfig.Builder b = console();
        switch (field) {
            case "groupWait" -> b.setGroupWait(value);
            case "groupInterval" -> b.setGroupInterval(value);
            default -> b.setRepeatInterval(value);
        }
        assertField(() -> specs.validate(b.build()), field, reason);
    }

    @Test
    void theEdgesOfEachRangeAreFine() {
        ChannelSpec low = specs.validate(console().setGroupWait("0s").setGroupInterval("1s").setRepeatInterval("1m").build());
        ChannelSpec high = specs.validate(console().setGroupWait("1h").setGroupInterval("24h").setRepeatInterval("30d").build());

        assertThat(low.groupWait()).isZero();
        assertThat(high.repeatInterval()).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void theConsoleTakesNoSettings() {
        assertField(() -> specs.validate(console().setSettings(Map.of("url", "x")).build()), "settings.url",
                "the console channel takes no settings");
    }

    @Test
    void theTypesCheckRunsAndItsErrorIsScrubbedOfTheSecret() {
        assertField(() -> specs.validate(fake(TOKEN).setSettings(Map.of("token", TOKEN)).build()), "settings.url", "is required");
        assertThatThrownBy(() -> specs.validate(fake("bad-" + TOKEN).build()))
                .isInstanceOfSatisfying(ChannelSettingsException.class, e -> {
                    assertThat(e.field()).isEqualTo("settings.token");
                    assertThat(e.getMessage()).doesNotContain(TOKEN).contains("token *** is not a token");
                });
    }

    @Test
    void anythingElseTheCheckThrowsIsASettingsErrorWithoutTheSecret() {
        assertThatThrownBy(() -> specs.validate(fake("boom-" + TOKEN).build()))
                .isInstanceOfSatisfying(ChannelSettingsException.class, e -> {
                    assertThat(e.field()).isEqualTo("settings");
                    assertThat(e.getMessage()).doesNotContain(TOKEN).contains("cannot use ***");
                });
    }

    @Test
    void theRedactionMarkIsNoSecretsValue() {
        assertField(() -> specs.validate(fake(ChannelSpecs.REDACTED).build()), "settings.token",
                "the mark of a redacted secret");
    }

    @Test
    void redactionHidesSecretSettingsOnly() {
        ChannelConfig shown = specs.redacted(fake(TOKEN).build());

        assertThat(shown.getSettings()).containsOnly(Map.entry("url", "https://hooks.example.com/in"),
                Map.entry("token", "***"));
        assertThat(shown.getName()).isEqualTo("hook");
    }

    @Test
    void redactionOfAnUnregisteredTypeHidesEverySetting() {
        ChannelConfig unknown = fake(TOKEN).setType("gone").build();

        assertThat(specs.redacted(unknown).getSettings()).containsOnly(Map.entry("url", "***"), Map.entry("token", "***"));
    }

    @Test
    void theMarkKeepsTheStoredSecret() {
        ChannelConfig stored = fake(TOKEN).build();
        ChannelConfig resent = fake(ChannelSpecs.REDACTED).setSeverities(List.of(Severity.low)).build();

        ChannelConfig kept = specs.keepingSecrets(resent, stored);

        assertThat(kept.getSettings()).containsEntry("token", TOKEN);
        assertThat(kept.getSeverities()).containsExactly(Severity.low);
        assertThat(specs.keepingSecrets(fake("new-token").build(), stored).getSettings()).containsEntry("token", "new-token");
    }

    @Test
    void theMarkWithoutAStoredValueIsRefused() {
        ChannelConfig stored = fake(TOKEN).setSettings(Map.of("url", "https://hooks.example.com/in")).build();

        assertField(() -> specs.keepingSecrets(fake(ChannelSpecs.REDACTED).build(), stored), "settings.token",
                "has no stored token");
        assertField(() -> specs.keepingSecrets(fake(ChannelSpecs.REDACTED).build(), fake(TOKEN).setType("other").build()),
                "settings.token", "has no stored token of type fake");
    }

    @Test
    void maskingRemovesTheConfigsAndTheChannelsSecretsAndUrlQueries() {
        Channel channel = new Channel() {
            @Override
            public String type() {
                return "fake";
            }

            @Override
            public String target() {
                return "fake";
            }

            @Override
            public List<String> secrets() {
                return List.of("channel-own-secret");
            }

            @Override
            public DeliveryResult send(dev.vigil.avro.Alert alert, String deliveryId) {
                return DeliveryResult.delivered(null);
            }
        };

        String masked = specs.mask("HTTP 401: " + TOKEN + " and channel-own-secret at https://h.example/p?key=" + TOKEN,
                fake(TOKEN).build(), channel);

        assertThat(masked).isEqualTo("HTTP 401: *** and *** at https://h.example/p");
        assertThat(specs.mask(null, fake(TOKEN).build(), null)).isNull();
    }

    @Test
    void aTypeRegisteredTwiceIsABug() {
        assertThatThrownBy(() -> specs.with(FAKE)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fake");
        assertThat(specs.typeNames()).containsExactly("console", "datadog", "email", "fake", "pagerduty", "slack", "webhook");
        assertThat(ChannelSpecs.STANDARD.typeNames()).containsExactly("console", "datadog", "email", "pagerduty", "slack", "webhook");
    }

    @Test
    void aTypeOfOneLineParsesItsSettingsOnceToCheckAndAgainToBuild() {
        ChannelType type = ChannelType.of("echo", settings -> {
            if (!settings.containsKey("to")) {
                throw new ChannelSettingsException("settings.to", "is required");
            }
            return settings.get("to");
        }, (to, hosts) -> new ConsoleChannel(System.out), "to");
        ChannelSpecs withEcho = ChannelSpecs.STANDARD.with(type);

        ChannelSpec spec = withEcho.validate(ChannelConfig.newBuilder().setName("e").setType("echo")
                .setSettings(Map.of("to", "x")).build());

        assertThat(type.secretKeys()).containsExactly("to");
        assertThat(withEcho.build(spec, HostPolicy.PUBLIC_ONLY)).isInstanceOf(ConsoleChannel.class);
        assertField(() -> withEcho.validate(ChannelConfig.newBuilder().setName("e").setType("echo").build()),
                "settings.to", "is required");
    }

    private static void assertField(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String field, String reason) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ChannelSettingsException.class, e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.reason()).contains(reason);
        });
    }
}

package dev.vigil.notifier.channel.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.vigil.notifier.channel.ChannelSettingsException;
import jakarta.mail.internet.InternetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmailConfigTest {

    private static final String PASSWORD = "pa55-w0rd-for-smtp";

    @Test
    void readsEverySetting() throws Exception {
        EmailConfig config = EmailConfig.from(Map.of("host", "smtp.mail.example", "port", "465", "tls", "SMTPS",
                "username", "vigil", "password", PASSWORD, "from", "Vigil <vigil@mail.example>",
                "to", "oncall@team.example, Security Team <sec@team.example>", "subjectPrefix", "[Vigil prod]",
                "alertBaseUrl", "https://vigil.example.com/api/", "timeout", "30s"));

        assertThat(config).isEqualTo(new EmailConfig("smtp.mail.example", 465, EmailConfig.Tls.SMTPS, "vigil", PASSWORD,
                new InternetAddress("vigil@mail.example"),
                List.of(new InternetAddress("oncall@team.example"), new InternetAddress("sec@team.example")),
                "[Vigil prod]", URI.create("https://vigil.example.com/api"), Duration.ofSeconds(30)));
        assertThat(config.from().getPersonal()).isEqualTo("Vigil");
        assertThat(config.authenticates()).isTrue();
    }

    @Test
    void defaultsToStarttlsOnPort587WithoutLoginOrLink() {
        EmailConfig config = EmailConfig.from(minimal());

        assertThat(config.port()).isEqualTo(587);
        assertThat(config.tls()).isEqualTo(EmailConfig.Tls.STARTTLS);
        assertThat(config.authenticates()).isFalse();
        assertThat(config.subjectPrefix()).isEqualTo("[Vigil]");
        assertThat(config.alertBaseUrl()).isNull();
        assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void acceptsAnIpAddressAsHost() {
        assertThat(EmailConfig.from(with("host", "192.0.2.10")).host()).isEqualTo("192.0.2.10");
        assertThat(EmailConfig.from(with("host", "[2001:db8::25]")).host()).isEqualTo("2001:db8::25");
    }

    @Test
    void anEmptySubjectPrefixLeavesThePrefixOut() {
        assertThat(EmailConfig.from(with("subjectPrefix", "")).subjectPrefix()).isEmpty();
    }

    @Test
    void namesAMissingOrBadServer() {
        Map<String, String> noHost = minimal();
        noHost.remove("host");
        assertRefused(noHost, "settings.host", "is required");
        assertRefused(with("host", "smtp mail.example"), "settings.host", "is not a host name or IP address: smtp mail.example");
        assertRefused(with("host", "smtp://mail.example"), "settings.host", "is not a host name or IP address: smtp://mail.example");
        assertRefused(with("port", "0"), "settings.port", "must be a port number from 1 to 65535");
        assertRefused(with("port", "65536"), "settings.port", "must be a port number from 1 to 65535");
        assertRefused(with("port", "smtp"), "settings.port", "must be a port number from 1 to 65535");
        assertRefused(with("tls", "ssl"), "settings.tls", "must be starttls, smtps or none");
    }

    @Test
    void wantsUsernameAndPasswordTogetherAndNeverEchoesThePassword() {
        assertRefused(with("password", PASSWORD), "settings.username", "is required when settings.password is set");
        assertRefused(with("username", "vigil"), "settings.password", "is required when settings.username is set");
        Map<String, String> blank = with("username", "vigil");
        blank.put("password", " ");
        assertRefused(blank, "settings.password", "is blank; leave it out instead");
    }

    @Test
    void namesBadAddresses() {
        Map<String, String> noFrom = minimal();
        noFrom.remove("from");
        assertRefused(noFrom, "settings.from", "is required");
        assertRefused(with("from", "a@mail.example, b@mail.example"), "settings.from", "must be one address");
        assertRefused(with("from", "vigil"), "settings.from", "is not a valid address list: Missing final '@domain'");
        Map<String, String> noTo = minimal();
        noTo.remove("to");
        assertRefused(noTo, "settings.to", "is required");
        assertRefused(with("to", "oncall@team.example, not an address"), "settings.to",
                "is not a valid address list: Local address contains control or whitespace");
        assertRefused(with("to", "oncall@team.example\r\nBcc: victim@evil.example"), "settings.to",
                "must not contain line breaks or control characters");
    }

    @Test
    void namesABadSubjectPrefixLinkOrTimeout() {
        assertRefused(with("subjectPrefix", "[Vigil]\r\nBcc: victim@evil.example"), "settings.subjectPrefix",
                "must not contain line breaks or control characters");
        assertRefused(with("alertBaseUrl", "vigil.example.com"), "settings.alertBaseUrl",
                "must be an absolute http or https URL with a host and without credentials, query or fragment");
        assertRefused(with("alertBaseUrl", "https://vigil.example.com/?a=b"), "settings.alertBaseUrl",
                "must be an absolute http or https URL with a host and without credentials, query or fragment");
        assertRefused(with("alertBaseUrl", "https://vigil.example.com/a b"), "settings.alertBaseUrl", "is not a valid URL");
        assertRefused(with("timeout", "10"), "settings.timeout",
                "'10' is not a duration: write e.g. 500ms, 30s, 5m, 1h, 8d or ISO-8601 PT5M");
        assertRefused(with("timeout", "0ms"), "settings.timeout", "must be positive");
    }

    @Test
    void refusesAnUnknownSetting() {
        assertRefused(with("passwort", PASSWORD), "settings.passwort",
                "unknown email setting; known: alertBaseUrl, from, host, password, port, subjectPrefix, timeout, tls, to, username");
    }

    @Test
    void showsNoPasswordWhenPrinted() {
        Map<String, String> settings = with("username", "vigil");
        settings.put("password", PASSWORD);

        assertThat(EmailConfig.from(settings).toString()).contains("username=vigil").contains("password=***").doesNotContain(PASSWORD);
    }

    private static Map<String, String> minimal() {
        Map<String, String> s = new HashMap<>();
        s.put("host", "smtp.mail.example");
        s.put("from", "vigil@mail.example");
        s.put("to", "oncall@team.example");
        return s;
    }

    private static Map<String, String> with(String key, String value) {
        Map<String, String> s = minimal();
        s.put(key, value);
        return s;
    }

    private static void assertRefused(Map<String, String> settings, String field, String reason) {
        ChannelSettingsException e = catchThrowableOfType(ChannelSettingsException.class, () -> EmailConfig.from(settings));
        assertThat(e).as("settings %s", settings).isNotNull();
        assertThat(e.field()).isEqualTo(field);
        assertThat(e.reason()).isEqualTo(reason);
        assertThat(e.getMessage()).doesNotContain(PASSWORD);
    }
}

package dev.vigil.notifier.channel.contract;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.vigil.notifier.channel.Channel;
import dev.vigil.notifier.channel.HostPolicy;
import dev.vigil.notifier.channel.email.EmailChannel;
import dev.vigil.notifier.channel.email.EmailConfig;
import dev.vigil.notifier.channel.email.SmtpRelay;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * An email channel that logs in to GreenMail through a {@link SmtpRelay}, so that one address can be healthy, busy
 * (a {@code 421} greeting: temporary, whatever HTTP status the contract test names), refuse the login (the account's
 * password changed: {@code 535}, permanent) or stall.
 */
public final class EmailFixture implements ChannelFixture {

    private static final String LOGIN = "vigil";
    private static final String PASSWORD = "fixture-pa55-5e7a1c";

    private final GreenMail mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("vigil@mail.example", LOGIN, PASSWORD));
    private final SmtpRelay relay;

    public EmailFixture() {
        mail.start();
        try {
            relay = new SmtpRelay(mail.getSmtp().getPort());
        } catch (IOException e) {
            mail.stop();
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String type() {
        return EmailChannel.TYPE;
    }

    @Override
    public Channel channel(Duration timeout) {
        EmailConfig config = EmailConfig.from(Map.of("host", "localhost", "port", Integer.toString(relay.port()),
                "tls", "none", "username", LOGIN, "password", PASSWORD, "from", "Vigil <vigil@mail.example>",
                "to", "oncall@team.example", "alertBaseUrl", "https://vigil.example.com",
                "timeout", timeout.toMillis() + "ms"));
        return new EmailChannel(config, HostPolicy.allowAll());
    }

    @Override
    public void healthy() {
        mail.getUserManager().getUser(LOGIN).setPassword(PASSWORD);
        relay.forward();
    }

    @Override
    public void failTemporarily(int status, String retryAfter) {
        relay.busy();
    }

    @Override
    public void failPermanently(int status) {
        mail.getUserManager().getUser(LOGIN).setPassword("changed-" + PASSWORD.hashCode());
        relay.forward();
    }

    @Override
    public void hang(Duration delay) {
        relay.silent(delay);
    }

    @Override
    public int received() {
        return mail.getReceivedMessages().length;
    }

    @Override
    public List<String> secrets() {
        return List.of(PASSWORD);
    }

    @Override
    public void close() {
        relay.close();
        mail.stop();
    }
}

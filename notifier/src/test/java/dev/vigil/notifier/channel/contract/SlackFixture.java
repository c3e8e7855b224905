package dev.vigil.notifier.channel.contract;

import dev.vigil.notifier.channel.Channel;
import dev.vigil.notifier.channel.slack.SlackChannel;
import dev.vigil.notifier.channel.slack.SlackConfig;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/** A Slack incoming webhook: {@code 200 ok} when healthy; the webhook path is the secret. */
public final class SlackFixture extends HttpsEndpointFixture {

    private static final String TOKEN = "xoxcontracttoken0123456789";
    private static final String PATH = "/services/T0CONTRACT/B0CONTRACT/" + TOKEN;

    public SlackFixture() {
        super(PATH, 200, "ok");
    }

    @Override
    public String type() {
        return SlackChannel.TYPE;
    }

    @Override
    Channel newChannel(Duration timeout) {
        return new SlackChannel(new SlackConfig(endpoint(), URI.create("https://vigil.example.com"), timeout), hosts(), tls());
    }

    @Override
    public List<String> secrets() {
        return List.of(endpoint().toString(), PATH, TOKEN);
    }
}

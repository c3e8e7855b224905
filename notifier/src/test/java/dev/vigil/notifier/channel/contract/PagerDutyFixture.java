package dev.vigil.notifier.channel.contract;

import dev.vigil.notifier.channel.Channel;
import dev.vigil.notifier.channel.pagerduty.PagerDutyChannel;
import dev.vigil.notifier.channel.pagerduty.PagerDutyConfig;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/** PagerDuty's Events API v2: {@code 202} with its JSON answer when healthy; the routing key is the secret. */
public final class PagerDutyFixture extends HttpsEndpointFixture {

    private static final String ROUTING_KEY = "c0ntractr0utingkey00000000000001";

    public PagerDutyFixture() {
        super("/v2/enqueue", 202, "{\"status\":\"success\",\"message\":\"Event processed\"}");
    }

    @Override
    public String type() {
        return PagerDutyChannel.TYPE;
    }

    @Override
    Channel newChannel(Duration timeout) {
        return new PagerDutyChannel(new PagerDutyConfig(ROUTING_KEY, endpoint(), URI.create("https://vigil.example.com"), timeout),
                hosts(), tls());
    }

    @Override
    public List<String> secrets() {
        return List.of(ROUTING_KEY);
    }
}

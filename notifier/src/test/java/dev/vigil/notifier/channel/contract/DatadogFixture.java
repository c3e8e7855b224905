package dev.vigil.notifier.channel.contract;

import dev.vigil.notifier.channel.Channel;
import dev.vigil.notifier.channel.datadog.DatadogChannel;
import dev.vigil.notifier.channel.datadog.DatadogConfig;
import java.time.Duration;
import java.util.List;

/** Datadog's Events API v1: {@code 202} with its JSON answer when healthy; the API key is the secret. */
public final class DatadogFixture extends HttpsEndpointFixture {

    private static final String API_KEY = "c0ntractd4t4d0g4p1k3y00000000001";

    public DatadogFixture() {
        super("/api/v1/events", 202, "{\"status\":\"ok\"}");
    }

    @Override
    public String type() {
        return DatadogChannel.TYPE;
    }

    @Override
    Channel newChannel(Duration timeout) {
        return new DatadogChannel(new DatadogConfig(API_KEY, DatadogConfig.DEFAULT_SITE, endpoint(), timeout), hosts(), tls());
    }

    @Override
    public List<String> secrets() {
        return List.of(API_KEY);
    }
}

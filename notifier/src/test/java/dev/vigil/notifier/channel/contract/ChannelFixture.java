package dev.vigil.notifier.channel.contract;

import dev.vigil.notifier.channel.Channel;
import java.time.Duration;
import java.util.List;

/**
 * One channel type against its real endpoint (WireMock for HTTP, GreenMail for SMTP), as the contract test that every
 * channel passes sees it: make the endpoint fail in the ways that must be retried and the ways that must not, make it
 * hang, count what it received, and name every secret the channel was configured with.
 */
public interface ChannelFixture extends AutoCloseable {

    /** The channel type ({@code slack}, {@code pagerduty}, {@code datadog}, {@code email}, {@code webhook}). */
    String type();

    /** A new channel pointed at this fixture's endpoint, whose attempts give up after {@code timeout}. */
    Channel channel(Duration timeout);

    /** The endpoint accepts the next deliveries normally. */
    void healthy();

    /**
     * The endpoint fails the next deliveries in a way that must be retried: for HTTP with {@code status} (429, 500,
     * 502, 503, 504) and, when not null, a {@code Retry-After} header; for SMTP with a temporary (4xx) reply or a
     * refused connection, whatever {@code status} says.
     */
    void failTemporarily(int status, String retryAfter);

    /**
     * The endpoint fails the next deliveries in a way that must not be retried: for HTTP with {@code status} (400,
     * 401, 403, 404, 410, 422); for SMTP with a permanent (5xx) reply such as a refused login.
     */
    void failPermanently(int status);

    /** The endpoint accepts connections but does not answer for {@code delay}. */
    void hang(Duration delay);

    /** Deliveries the endpoint received and accepted so far. */
    int received();

    /** Every secret value the channel is configured with (URL tokens, keys, passwords); none may be logged. */
    List<String> secrets();

    @Override
    void close();
}

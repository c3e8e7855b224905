package dev.vigil.topology.detect.tokenreplay;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.AuthorizationPayload;
import dev.vigil.avro.Severity;
import dev.vigil.avro.ToolCallPayload;
import dev.vigil.topology.detect.DetectionContext;
import dev.vigil.topology.detect.Detector;
import dev.vigil.topology.detect.Finding;
import dev.vigil.topology.detect.Rule;
import dev.vigil.topology.detect.Score;
import dev.vigil.topology.state.RecentTokens;
import dev.vigil.topology.detect.Param;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code token_replay} — one token id ({@code tokenJti} of an authorization or tool call) used from at least
 * {@code min-addresses} (default 2) distinct source IPs within
 * {@code window} (default 10 min) of event time. Critical from the first event: a bearer
 * token showing up at a second address has been copied, the footprint of a stolen token being replayed
 * (ATT&amp;CK T1550, Use Alternate Authentication Material).
 *
 * <p>Events without a {@code sourceIp} or a {@code tokenJti} are ignored. It sees late events too (it is a rule
 * detector, not a windowed count): a late use is judged against the uses still remembered.
 *
 * <p>State: the agent's {@link RecentTokens} — at most {@value RecentTokens#MAX_TOKENS} tokens, each with at
 * most {@value RecentTokens#MAX_ADDRESSES} addresses and their latest use. What that means for detection: a token
 * whose latest use is more than 32 distinct tokens ago, or older than the window behind the agent's newest
 * token use, is forgotten, so its replay is not seen; an agent minting a fresh token per request more than 32 times
 * between two uses of one token evades the rule. Each address keeps only its latest use, so an early use from an
 * address that was used again later is judged by the later one.
 *
 * <p>An agent without a profile is {@code unknown_agent}'s case (critical already); it keeps no tokens.
 */
public final class TokenReplayDetector implements Detector {

    public static final Rule RULE = new Rule("token_replay", "Token replay", "identity", "T1550");

    public static final Param<Duration> WINDOW = Param.duration(RULE.id(), "window", "10m", Duration.ofSeconds(1),
            Duration.ofDays(1), "uses of one token id from different source addresses within this much event time count together.");
    public static final Param<Integer> MIN_ADDRESSES = Param.integer(RULE.id(), "min-addresses", 2, 2, RecentTokens.MAX_ADDRESSES,
            "fires once a token id was used from this many distinct source addresses within the window (at most "
                    + RecentTokens.MAX_ADDRESSES + ", the addresses kept per token).");

    private static final long SECOND = 1000;
    private static final long MINUTE = 60 * SECOND;

    @Override
    public Rule rule() {
        return RULE;
    }

    @Override
    public List<Param<?>> parameters() {
        return List.of(WINDOW, MIN_ADDRESSES);
    }

    @Override
    public Optional<Finding> onEvent(DetectionContext context, AgentEvent event) {
        String jti = jti(event);
        String ip = event.getSourceIp();
        if (context.profile() == null || jti == null || jti.isEmpty() || ip == null || ip.isEmpty()) {
            return Optional.empty();
        }
        long time = event.getOccurredAt().toEpochMilli();
        long window = context.param(WINDOW).toMillis();
        int minAddresses = context.param(MIN_ADDRESSES);
        RecentTokens.Token token = context.state().recentTokens().use(jti, ip, time, window);
        List<RecentTokens.Address> together = RecentTokens.fullestWindow(token.addresses(), time, window);
        if (together.size() < minAddresses) {
            return Optional.empty();
        }
        long start = together.stream().mapToLong(RecentTokens.Address::lastUse).min().orElse(time);
        long end = together.stream().mapToLong(RecentTokens.Address::lastUse).max().orElse(time);
        List<String> ips = together.stream().map(RecentTokens.Address::ip).toList();
        Map<String, String> observed = new LinkedHashMap<>();
        observed.put("addresses", Integer.toString(together.size()));
        observed.put("span_seconds", Long.toString((end - start) / SECOND));
        Map<String, String> baseline = new LinkedHashMap<>();
        baseline.put("min_addresses", Integer.toString(minAddresses));
        baseline.put("window_seconds", Long.toString(window / SECOND));
        String description = "token " + jti + " used from " + together.size() + " addresses (" + String.join(", ", ips)
                + ") within " + span(end - start);
        String action = "Revoke token " + jti + " and its grant" + grant(event)
                + "; find which of the addresses is not the agent's and rotate the credentials that minted it";
        return Optional.of(new Finding(Severity.critical, Score.certain(Severity.critical), description, observed, baseline,
                Instant.ofEpochMilli(start), Instant.ofEpochMilli(end), action));
    }

    private static String jti(AgentEvent event) {
        Object payload = event.getPayload();
        if (payload instanceof AuthorizationPayload auth) {
            return auth.getTokenJti();
        }
        if (payload instanceof ToolCallPayload call) {
            return call.getTokenJti();
        }
        return null;
    }

    private static String grant(AgentEvent event) {
        Object payload = event.getPayload();
        String grant = payload instanceof AuthorizationPayload auth ? auth.getGrantId()
                : payload instanceof ToolCallPayload call ? call.getGrantId() : null;
        return grant == null ? "" : " " + grant;
    }

    private static String span(long millis) {
        if (millis < MINUTE) {
            return (millis / SECOND) + " s";
        }
        return ((millis + MINUTE - 1) / MINUTE) + " min";
    }
}

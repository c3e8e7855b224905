package dev.vigil.topology.detect.sessions;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.AuthorizationPayload;
import dev.vigil.avro.Severity;
import dev.vigil.avro.ToolCallPayload;
import dev.vigil.topology.detect.DetectionContext;
import dev.vigil.topology.detect.Detector;
import dev.vigil.topology.detect.Finding;
import dev.vigil.topology.detect.Param;
import dev.vigil.topology.detect.Rule;
import dev.vigil.topology.detect.Score;
import dev.vigil.topology.state.RecentTokens;
import dev.vigil.topology.state.SectionType;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code concurrent_sessions} — one grant ({@code grantId} of an authorization or tool call: the consent or session
 * the agent's tokens are minted under) used from at least {@code min-addresses} (default 3) distinct source IPs
 * within {@code window} (default 15 min) of event time. High from the first event.
 *
 * <p>Why these defaults: a grant outlives its tokens (a day rather than an hour), so an honest agent may present
 * it from a second address now and then — a dual-stack host, a failover, a NAT pool that rotated. Three distinct
 * addresses within a quarter of an hour is no longer that: the grant is being worked from several places at once,
 * the footprint of a stolen refresh token or session. A single copied token is {@code token_replay}'s case
 * (critical, from the second address); this rule is one severity lower because a grant spans more legitimate
 * hand-offs than a token does. "Within" is inclusive: addresses exactly {@code window} apart count together.
 *
 * <p>Attack: ATT&amp;CK T1078 (Valid Accounts). What we see is not a forged credential but the agent's own,
 * valid authorization used by more parties than the agent; T1550.001 (application access tokens) describes
 * replaying one token, which {@code token_replay} reports, while T1528 (stealing the token) happens out of sight.
 *
 * <p>Events without a {@code sourceIp} or a {@code grantId} are ignored. It sees late events too (a rule detector,
 * not a windowed count): a late use is judged against the uses still remembered, in any window of {@code window}
 * that holds it.
 *
 * <p>State: the {@link RecentTokens} section ({@link #SECTION}) — at most {@value RecentTokens#MAX_TOKENS} grants of at most
 * {@value RecentTokens#MAX_ADDRESSES} addresses, each with its latest use. About 30 bytes per agent for the usual
 * one grant from one or two addresses; measured ~3 KB for 32 grants from five IPv4 addresses each, under 16 KB
 * for hostile strings of kilobytes (kept as digests; ConcurrentSessionsTest). What the bounds mean: a grant whose
 * latest use is more than 32 distinct grants ago, or older than the window behind the newest use, is forgotten;
 * each address keeps only its latest use.
 *
 * <p>An agent without a profile is {@code unknown_agent}'s case (critical already); it keeps no grants.
 */
public final class ConcurrentSessionsDetector implements Detector {

    public static final Rule RULE = new Rule("concurrent_sessions", "Concurrent sessions", "identity", "T1078");

    public static final Param<Duration> WINDOW = Param.duration(RULE.id(), "window", "15m", Duration.ofSeconds(1),
            Duration.ofDays(1), "uses of one grant from different source addresses within this much event time count together.");
    public static final Param<Integer> MIN_ADDRESSES = Param.integer(RULE.id(), "min-addresses", 3, 2,
            RecentTokens.MAX_ADDRESSES, "fires once a grant was used from this many distinct source addresses within the "
                    + "window (at most " + RecentTokens.MAX_ADDRESSES + ", the addresses kept per grant).");

    /** The grants used recently and their addresses: the same table as {@code token_replay}'s, keyed by grant id. */
    public static final SectionType<RecentTokens> SECTION = new SectionType<>(RULE.id(), RecentTokens::new, RecentTokens::read);

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
        String grantId = grantId(event);
        String ip = event.getSourceIp();
        if (context.profile() == null || grantId == null || grantId.isEmpty() || ip == null || ip.isEmpty()) {
            return Optional.empty();
        }
        long time = event.getOccurredAt().toEpochMilli();
        long window = context.param(WINDOW).toMillis();
        int minAddresses = context.param(MIN_ADDRESSES);
        RecentTokens.Token grant = context.state().section(SECTION).use(grantId, ip, time, window);
        List<RecentTokens.Address> together = RecentTokens.fullestWindow(grant.addresses(), time, window);
        if (together.size() < minAddresses) {
            return Optional.empty();
        }
        return Optional.of(finding(grant.id(), together, minAddresses, window));
    }

    private static Finding finding(String grantId, List<RecentTokens.Address> together, int minAddresses, long window) {
        long start = together.stream().mapToLong(RecentTokens.Address::lastUse).min().orElseThrow();
        long end = together.stream().mapToLong(RecentTokens.Address::lastUse).max().orElseThrow();
        String ips = String.join(", ", together.stream().map(RecentTokens.Address::ip).toList());
        Map<String, String> observed = new LinkedHashMap<>();
        observed.put("addresses", Integer.toString(together.size()));
        observed.put("span_seconds", Long.toString((end - start) / SECOND));
        Map<String, String> baseline = new LinkedHashMap<>();
        baseline.put("min_addresses", Integer.toString(minAddresses));
        baseline.put("window_seconds", Long.toString(window / SECOND));
        String description = "grant " + grantId + " used from " + together.size() + " addresses (" + ips + ") within "
                + span(end - start);
        String action = "Revoke grant " + grantId + " and end its sessions; find which of the addresses (" + ips
                + ") are not the agent's and rotate the credentials that obtained the grant";
        return new Finding(Severity.high, Score.certain(Severity.high), description, observed, baseline,
                Instant.ofEpochMilli(start), Instant.ofEpochMilli(end), action);
    }

    private static String grantId(AgentEvent event) {
        Object payload = event.getPayload();
        if (payload instanceof AuthorizationPayload auth) {
            return auth.getGrantId();
        }
        if (payload instanceof ToolCallPayload call) {
            return call.getGrantId();
        }
        return null;
    }

    private static String span(long millis) {
        if (millis < MINUTE) {
            return (millis / SECOND) + " s";
        }
        return ((millis + MINUTE - 1) / MINUTE) + " min";
    }
}

package dev.vigil.topology.detect.geo;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.Geo;
import dev.vigil.avro.Severity;
import dev.vigil.topology.baseline.SeenSet;
import dev.vigil.topology.detect.DetectionContext;
import dev.vigil.topology.detect.Detector;
import dev.vigil.topology.detect.Finding;
import dev.vigil.topology.detect.Param;
import dev.vigil.topology.detect.Rule;
import dev.vigil.topology.detect.Score;
import dev.vigil.topology.state.SectionType;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code geo_anomaly} — a request from a country the agent should not be in. Medium.
 *
 * <p><b>Declared</b> (the profile lists {@code allowedCountries}): a request whose {@code geo.country} is not one
 * of them (ISO codes, compared ignoring case) — a rule violation, full strength from the agent's first event, on
 * every such request (repeats fold into one open alert).
 *
 * <p><b>Learned</b> (no countries declared): a country never seen for the agent. Countries are learned silently
 * while the agent calibrates ({@link DetectionContext#calibrating()}) and in its first {@code min-history}
 * (default 1 h) of event time; an agent's very first country is always learned silently (a country is new only
 * against countries already seen — so switching geo resolution on for a fleet does not page for every agent).
 * After that a new country is reported once and remembered at once, so each new country makes one finding. It
 * scores {@value #LEARNED_STRENGTH_PERCENT}% into the band, below a declared violation. {@code learn = false}
 * keeps the learned mode quiet. The learning hold of open alerts does not apply: remembering a reported country
 * is what keeps it from being reported on every request.
 *
 * <p>Why {@link #baseline()} is false: the flag is per detector and the declared mode must be full strength from
 * the first event; the learned mode is silent during calibration instead of marked.
 *
 * <p>Events without a geo or a country are ignored. Late events are judged like any other. Countries are learned
 * in both modes, so dropping {@code allowedCountries} later does not make every known country new.
 *
 * <p>State: a {@link SeenSet} of {@value #CAPACITY} countries (hashed), ~15 bytes each and never more than 23, so
 * at most ~750 bytes per agent; measured ~470 bytes with the set full, ~30 for an agent in one country. An agent seen in more than {@value #CAPACITY} countries forgets the least recently
 * seen and reports it again when it returns; such an agent roams, and needs declared countries or the rule off.
 *
 * <p>Attack: ATT&amp;CK T1078 (Valid Accounts) — valid credentials used from where the agent does not run are the
 * textbook sign of an account in someone else's hands.
 */
public final class GeoAnomalyDetector implements Detector {

    public static final Rule RULE = new Rule("geo_anomaly", "Geo anomaly", "access", "T1078");

    public static final Param<Duration> MIN_HISTORY = Param.duration(RULE.id(), "min-history", "1h", Duration.ZERO,
            Duration.ofDays(30), "without allowed countries: event time since the agent's first event during which countries are only learned.");
    public static final Param<Boolean> LEARN = Param.flag(RULE.id(), "learn", true,
            "false keeps the rule quiet for agents that declare no allowed countries.");

    static final int CAPACITY = 32;
    static final int LEARNED_STRENGTH_PERCENT = 50;
    static final SectionType<SeenSet> SECTION = SeenSet.section(RULE.id(), CAPACITY);

    @Override
    public Rule rule() {
        return RULE;
    }

    @Override
    public List<Param<?>> parameters() {
        return List.of(MIN_HISTORY, LEARN);
    }

    @Override
    public Optional<Finding> onEvent(DetectionContext context, AgentEvent event) {
        Geo geo = event.getGeo();
        if (context.profile() == null || geo == null || geo.getCountry() == null || geo.getCountry().isBlank()) {
            return Optional.empty();
        }
        String country = geo.getCountry().trim().toUpperCase(Locale.ROOT);
        long time = event.getOccurredAt().toEpochMilli();
        SeenSet seen = context.state().section(SECTION);
        int known = seen.size();
        boolean firstSight = seen.touch(country, time) == 0;
        List<String> allowed = context.profile().getAllowedCountries();
        if (!allowed.isEmpty()) {
            return allowed.stream().anyMatch(country::equalsIgnoreCase) ? Optional.empty()
                    : Optional.of(declared(event, country, allowed));
        }
        if (!firstSight || known == 0 || !context.param(LEARN) || context.calibrating()
                || time - context.state().firstEventAt() < context.param(MIN_HISTORY).toMillis()) {
            return Optional.empty();
        }
        String description = "request from " + place(country, geo) + ", a country never seen for this agent (after "
                + known + (known == 1 ? " known country)" : " known countries)");
        Severity severity = Severity.medium;
        return Optional.of(new Finding(severity, Score.of(severity, LEARNED_STRENGTH_PERCENT / 100.0), description,
                observed(country, geo), Map.of("known_countries", Integer.toString(known)), event.getOccurredAt(),
                event.getOccurredAt(), action(country)));
    }

    private static Finding declared(AgentEvent event, String country, List<String> allowed) {
        String list = String.join(", ", allowed);
        String description = "request from " + place(country, event.getGeo()) + ", outside the allowed countries " + list;
        return Finding.violation(Severity.medium, description, observed(country, event.getGeo()),
                Map.of("allowed_countries", String.join(",", allowed)), event.getOccurredAt(), action(country));
    }

    private static Map<String, String> observed(String country, Geo geo) {
        Map<String, String> observed = new LinkedHashMap<>();
        observed.put("country", country);
        if (geo.getRegion() != null && !geo.getRegion().isBlank()) {
            observed.put("region", geo.getRegion());
        }
        return observed;
    }

    private static String place(String country, Geo geo) {
        return geo.getRegion() == null || geo.getRegion().isBlank() ? country : country + " (region " + geo.getRegion() + ")";
    }

    private static String action(String country) {
        return "Verify the agent's egress (proxy, VPN, the regions it is deployed in); revoke its tokens if "
                + country + " is not one of its deployments";
    }
}

package dev.vigil.topology.detect.rate;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.Severity;
import dev.vigil.topology.baseline.HourlySlotCounts;
import dev.vigil.topology.baseline.SlotMoments;
import dev.vigil.topology.detect.DetectionContext;
import dev.vigil.topology.detect.Detector;
import dev.vigil.topology.detect.Figures;
import dev.vigil.topology.detect.Finding;
import dev.vigil.topology.detect.Param;
import dev.vigil.topology.detect.Rule;
import dev.vigil.topology.detect.SigmaSeverity;
import dev.vigil.topology.state.SectionType;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code rate_spike} — the agent's events (every type and outcome) in the current event-time hour are far above
 * what that hour usually holds for it: compared with the same hour of the day on the same kind of day (weekday
 * or weekend, 48 slots, in the zone of the profile's operating window, else UTC). It fires as soon as the running
 * count of the hour reaches all of: {@code min-events} (default 40) events, {@code min-ratio} (default 3) times
 * the slot's mean, and a z-score of at least {@code min-z} (default 3), once the slot has seen
 * {@code min-samples} (default 2) hours. Severity by z: 6 or more high, 4 or more medium, else low.
 *
 * <p>Why these defaults. The z-score divides by the larger of the slot's standard deviation and the Poisson
 * noise {@code sqrt(mean) + 1}, so a busy agent (mean 400, noise 21) is allowed more than a quiet regular one
 * (mean 4, noise 3). The ratio keeps a very regular agent (standard deviation near zero) from firing on an
 * ordinary busy hour, and the minimum volume keeps a quiet hour (mean 0.5) from firing on a handful of events:
 * an agent that does 15–30 things in its busy hours never reaches 40 by chance, and one that does 400 needs
 * 1,200. The hour of the day and the kind of day matter: an office agent's 10:00 (25 events) and its 03:00
 * (none) are separate baselines, so neither the night makes the morning look like a spike nor the morning hides
 * an attack at night. A weekly habit that falls on one weekday (a Friday report) is 1 hour in 5 of its slot and
 * stays under z 3 once seen; a slot needs two samples because the rule judges right after a week of
 * calibration, when a weekend slot has had two. Reading hours in the operating window's zone keeps 09:00 at
 * 09:00 across a change of daylight saving time, which in UTC would look like a busy hour where a quiet one was.
 *
 * <p>Learning: a closed hour feeds its slot unless an open alert of this rule holds learning at the hour's last
 * millisecond, so an attack hour is not learned. During calibration every hour is learned, alert or not: the
 * first week is how the agent's habits become known, and a habit that looked odd to a two-day baseline must not
 * stay odd for ever.
 *
 * <p>State: {@link HourlySlotCounts}, 444 bytes per agent once every slot has a sample, whatever its traffic
 * (457 stored, with the section's name; measured after two weeks at 1, 60 and 3,000 events an hour). Only an event of a registered agent is counted (an unregistered one is {@code unknown_agent}'s).
 *
 * <p>Attack: ATLAS AML.T0029 (Denial of ML Service), as for {@code velocity_spike}: a sustained multiple of the
 * agent's usual volume loads and bills the ML-backed services it calls — whether a runaway loop or someone else
 * driving its credentials.
 */
public final class RateSpikeDetector implements Detector {

    public static final Rule RULE = new Rule("rate_spike", "Rate spike", "behaviour", "AML.T0029");

    public static final Param<Double> MIN_Z = Param.number(RULE.id(), "min-z", 3.0, 1.0, 100.0,
            "fires only when the hour's events are at least this many standard deviations (or Poisson noise floors, "
                    + "whichever is larger) above the slot's mean; 4 and 6 make it medium and high.");
    public static final Param<Double> MIN_RATIO = Param.number(RULE.id(), "min-ratio", 3.0, 1.0, 1000.0,
            "fires only when the hour holds at least this many times the slot's mean.");
    public static final Param<Integer> MIN_EVENTS = Param.integer(RULE.id(), "min-events", 40, 1, 100_000_000,
            "the fewest events in an hour that can be a spike.");
    public static final Param<Integer> MIN_SAMPLES = Param.integer(RULE.id(), "min-samples", 2, 1, SlotMoments.MAX_COUNT,
            "hours a day-type slot (weekday or weekend, hour of day) must have seen before it is judged.");

    public static final SectionType<HourlySlotCounts> SECTION =
            new SectionType<>(RULE.id(), HourlySlotCounts::new, HourlySlotCounts::read);

    /** A slot mean below this reads "usually has none" (it would print as 0.0). */
    static final double NONE = 0.05;

    static final String SUGGESTED_ACTION = "Throttle the agent and find what drives the extra traffic: a loop, "
            + "a new caller, or someone else using its credentials";

    @Override
    public Rule rule() {
        return RULE;
    }

    @Override
    public boolean usesEventTimeWindows() {
        return true;
    }

    @Override
    public boolean baseline() {
        return true;
    }

    @Override
    public List<Param<?>> parameters() {
        return List.of(MIN_Z, MIN_RATIO, MIN_EVENTS, MIN_SAMPLES);
    }

    @Override
    public Optional<Finding> onEvent(DetectionContext context, AgentEvent event) {
        if (context.profile() == null) {
            return Optional.empty();
        }
        ZoneId zone = HourlySlotCounts.zoneOf(context.profile());
        HourlySlotCounts counts = context.state().section(SECTION);
        long time = event.getOccurredAt().toEpochMilli();
        counts.advance(time, context.settings().grace().toMillis(), zone, context.state().firstEventAt(),
                hourEnd -> context.calibrating() || !context.holdsLearning(RULE, hourEnd));
        counts.add(1, time);
        if (counts.inPreviousHour(time)) {
            return Optional.empty(); // out of order, within the grace: counted in the hour it belongs to
        }
        return judge(context, counts, zone);
    }

    private static Optional<Finding> judge(DetectionContext context, HourlySlotCounts counts, ZoneId zone) {
        double events = counts.current();
        if (events < context.param(MIN_EVENTS)) {
            return Optional.empty();
        }
        int slot = counts.slot(zone);
        SlotMoments slots = counts.slots();
        if (slots.count(slot) < context.param(MIN_SAMPLES)) {
            return Optional.empty();
        }
        double mean = slots.mean(slot);
        double z = slots.z(slot, events, slots.countFloor(slot));
        double minZ = context.param(MIN_Z);
        if (z < minZ || events < context.param(MIN_RATIO) * mean) {
            return Optional.empty();
        }
        return Optional.of(finding(counts, slot, zone, z, minZ));
    }

    private static Finding finding(HourlySlotCounts counts, int slot, ZoneId zone, double z, double minZ) {
        SlotMoments slots = counts.slots();
        long events = Math.round(counts.current());
        double mean = slots.mean(slot);
        String slotText = HourlySlotCounts.describe(slot, zone);
        Map<String, String> observed = new LinkedHashMap<>();
        observed.put("events", Long.toString(events));
        String description;
        if (mean >= NONE) {
            double ratio = events / mean;
            observed.put("ratio", Figures.decimal(ratio, 2));
            description = events + " events in the hour, " + Figures.ratio(ratio) + "× the usual "
                    + Figures.amount(mean) + " for a " + slotText;
        } else {
            description = events + " events in the hour, where a " + slotText + " usually has none";
        }
        observed.put("z", Figures.decimal(z, 2));
        Map<String, String> baseline = new LinkedHashMap<>();
        baseline.put("events_per_hour", Figures.decimal(mean, 2));
        baseline.put("standard_deviation", Figures.decimal(slots.standardDeviation(slot), 2));
        baseline.put("noise_floor", Figures.decimal(slots.countFloor(slot), 2));
        baseline.put("samples", Integer.toString(slots.count(slot)));
        baseline.put("hour_of_day", Integer.toString(slot % 24));
        Severity severity = SigmaSeverity.of(z);
        Instant start = Instant.ofEpochMilli(counts.hourStart());
        return new Finding(severity, SigmaSeverity.score(z, minZ), description, observed, baseline, start,
                start.plusMillis(HourlySlotCounts.HOUR_MS), SUGGESTED_ACTION);
    }
}

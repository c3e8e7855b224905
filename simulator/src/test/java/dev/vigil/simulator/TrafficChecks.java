package dev.vigil.simulator;

import dev.vigil.avro.AgentEvent;
import dev.vigil.simulator.fleet.Agent;
import dev.vigil.simulator.fleet.Fleet;
import dev.vigil.avro.OperatingWindow;
import dev.vigil.avro.Weekday;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Checks written from the detectors' point of view, independently of the simulator's own code: they read the
 * profile's declared window and count events the way a detector would.
 */
final class TrafficChecks {

    /** A point where the velocity rule would fire: 5-minute count ≥ 20 and ≥ 3× the previous hour's 5-minute average. */
    record Spike(String agentId, Instant at, int lastFiveMinutes, int previousHour) {
    }

    static final int MIN_SPIKE = 20;
    private static final long FIVE_MINUTES = 300_000;
    private static final long HOUR = 3_600_000;

    private TrafficChecks() {
    }

    static List<AgentEvent> collect(Iterator<AgentEvent> events) {
        List<AgentEvent> all = new ArrayList<>();
        events.forEachRemaining(all::add);
        return all;
    }

    /**
     * The violations that lie inside no label of their rule and agent (up to the rule's trailing window after
     * the label's end, in which the agent's own events still see the attack's).
     */
    static List<RuleOracle.Violation> outsideLabels(List<RuleOracle.Violation> violations, List<AttackLabel> labels) {
        return violations.stream().filter(v -> labels.stream().noneMatch(l -> l.rule().equals(v.rule())
                && l.agentId().equals(v.agentId()) && !v.at().isBefore(l.start())
                && !v.at().isAfter(l.end().plus(RuleOracle.TRAILING.getOrDefault(v.rule(), java.time.Duration.ZERO)))))
                .toList();
    }

    /** The hourly burst size of each cron agent of {@code fleet}, by agent id. */
    static Map<String, Integer> cronBursts(Fleet fleet) {
        Map<String, Integer> bursts = new HashMap<>();
        for (Agent agent : fleet.agents()) {
            if (agent.activity().cron() != null) {
                bursts.put(agent.agentId(), agent.activity().cron().size());
            }
        }
        return bursts;
    }

    static Map<String, List<Instant>> timesByAgent(List<AgentEvent> events) {
        Map<String, List<Instant>> times = new HashMap<>();
        for (AgentEvent event : events) {
            times.computeIfAbsent(event.getAgentId(), a -> new ArrayList<>()).add(event.getOccurredAt());
        }
        return times;
    }

    /**
     * The same, where a cron agent's 5 minutes must moreover hold more than 3× its hourly burst (see
     * {@link RuleOracle}): to the plain rule every burst is a spike.
     */
    static List<Spike> velocitySpikes(List<AgentEvent> events, Map<String, Integer> cronBursts) {
        return velocitySpikes(events).stream()
                .filter(s -> !cronBursts.containsKey(s.agentId()) || s.lastFiveMinutes() > 3 * cronBursts.get(s.agentId()))
                .toList();
    }

    /** Every event at which the 5 minutes up to it would count as a velocity spike. */
    static List<Spike> velocitySpikes(List<AgentEvent> events) {
        List<Spike> spikes = new ArrayList<>();
        timesByAgent(events).forEach((agent, times) -> {
            int fiveStart = 0;
            int hourStart = 0;
            for (int i = 0; i < times.size(); i++) {
                long t = times.get(i).toEpochMilli();
                while (times.get(fiveStart).toEpochMilli() <= t - FIVE_MINUTES) {
                    fiveStart++;
                }
                while (times.get(hourStart).toEpochMilli() <= t - FIVE_MINUTES - HOUR) {
                    hourStart++;
                }
                int lastFive = i - fiveStart + 1;
                int previousHour = fiveStart - hourStart;
                if (lastFive >= MIN_SPIKE && lastFive >= 3 * previousHour / 12.0) {
                    spikes.add(new Spike(agent, times.get(i), lastFive, previousHour));
                }
            }
        });
        return spikes;
    }

    /**
     * The declared operating window, read as DESIGN.md defines it (end before start crosses midnight). The
     * simulator declares no window only for agents that work around the clock.
     */
    static boolean insideWindow(OperatingWindow window, Instant at) {
        if (window == null) {
            return true;
        }
        ZonedDateTime local = at.atZone(ZoneId.of(window.getTimezone()));
        LocalTime start = LocalTime.parse(window.getStart());
        LocalTime end = LocalTime.parse(window.getEnd());
        LocalTime time = local.toLocalTime();
        boolean today = window.getDays().contains(weekday(local.getDayOfWeek()));
        if (start.isBefore(end)) {
            return today && !time.isBefore(start) && time.isBefore(end);
        }
        boolean yesterday = window.getDays().contains(weekday(local.getDayOfWeek().minus(1)));
        return (today && !time.isBefore(start)) || (yesterday && time.isBefore(end));
    }

    private static Weekday weekday(DayOfWeek day) {
        return Weekday.valueOf(day.name().substring(0, 3));
    }
}

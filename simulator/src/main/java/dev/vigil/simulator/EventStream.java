package dev.vigil.simulator;

import dev.vigil.avro.AgentEvent;
import dev.vigil.simulator.attack.Attack;
import dev.vigil.simulator.traffic.EventFactory;
import dev.vigil.simulator.traffic.NormalTraffic;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * The events of a run in occurredAt order (ties by eventId), made one UTC hour at a time: the fleet's ordinary
 * traffic for the hour plus every attack that starts in it. An attack running past the hour waits in the queue
 * for the next one; nothing made later can be earlier than the hour's end, so an hour's events can be released
 * once it is made. Memory holds about one hour of traffic, whatever the length of the run.
 */
final class EventStream implements Iterator<AgentEvent> {

    static final Comparator<AgentEvent> ORDER =
            Comparator.comparing(AgentEvent::getOccurredAt).thenComparing(AgentEvent::getEventId);
    private static final long HOUR_MILLIS = 3_600_000;

    private final List<EventFactory> fleet;
    private final List<Attack> attacks;
    private final long seed;
    private final Instant start;
    private final Instant end;
    private final PriorityQueue<AgentEvent> pending = new PriorityQueue<>(ORDER);
    private final ArrayDeque<AgentEvent> ready = new ArrayDeque<>();
    private long nextHour;
    private int nextAttack;

    EventStream(List<EventFactory> fleet, List<Attack> attacks, long seed, Instant start, Instant end) {
        this.fleet = fleet;
        this.attacks = attacks;
        this.seed = seed;
        this.start = start;
        this.end = end;
        this.nextHour = Math.floorDiv(start.toEpochMilli(), HOUR_MILLIS);
    }

    @Override
    public boolean hasNext() {
        while (ready.isEmpty() && nextHour * HOUR_MILLIS < end.toEpochMilli()) {
            makeHour(nextHour++);
        }
        return !ready.isEmpty();
    }

    @Override
    public AgentEvent next() {
        if (!hasNext()) {
            throw new NoSuchElementException("the simulation ended at " + end);
        }
        return ready.poll();
    }

    private void makeHour(long hour) {
        Instant hourEnd = Instant.ofEpochMilli((hour + 1) * HOUR_MILLIS);
        for (EventFactory agent : fleet) {
            for (AgentEvent event : NormalTraffic.hour(agent, hour, seed, start)) {
                if (!event.getOccurredAt().isBefore(start) && event.getOccurredAt().isBefore(end)) {
                    pending.add(event);
                }
            }
        }
        while (nextAttack < attacks.size() && attacks.get(nextAttack).start().isBefore(hourEnd)) {
            pending.addAll(attacks.get(nextAttack++).events());
        }
        while (!pending.isEmpty() && pending.peek().getOccurredAt().isBefore(hourEnd)) {
            ready.add(pending.poll());
        }
    }
}

package dev.vigil.lifecycle.audit;

import java.util.Comparator;

/** Where a record of the lifecycle topic is: enough for an operator to fetch it again. */
public record EventLocation(String topic, int partition, long offset) {

    static final Comparator<EventLocation> ORDER = Comparator.comparing(EventLocation::topic)
            .thenComparingInt(EventLocation::partition).thenComparingLong(EventLocation::offset);

    @Override
    public String toString() {
        return topic + "/" + partition + "@" + offset;
    }
}

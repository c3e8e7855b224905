package dev.vigil.notifier.dispatch;

import dev.vigil.avro.Alert;
import java.util.List;

/** What a {@link ChannelDispatcher} decided: send some alerts now, or record one as suppressed. */
public sealed interface Dispatch {

    /** The tickets of the alerts this dispatch settles: once it is carried out, their records are done. */
    List<Object> tickets();

    /**
     * Send these alerts now: one alert alone, a group of one (tenant, rule), or — {@code digest} — the alerts the rate
     * budget held back.
     */
    record Send(List<Alert> alerts, List<Object> tickets, boolean digest) implements Dispatch {
        public Send {
            alerts = List.copyOf(alerts);
            tickets = List.copyOf(tickets);
        }
    }

    /** Do not send this alert; record it as suppressed for {@code reason}. */
    record Suppress(Alert alert, Object ticket, String reason) implements Dispatch {
        @Override
        public List<Object> tickets() {
            return List.of(ticket);
        }
    }
}

package dev.vigil.notifier.consume;

import dev.vigil.avro.Alert;
import java.util.LinkedHashMap;
import java.util.Map;

/** The last alerts routed, by id, at most {@code capacity} (least recently routed dropped first). One thread. */
final class RecentAlerts {

    private final LinkedHashMap<String, Alert> byId;

    RecentAlerts(int capacity) {
        this.byId = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Alert> eldest) {
                return size() > capacity;
            }
        };
    }

    void put(Alert alert) {
        byId.put(alert.getAlertId(), alert);
    }

    Alert get(String alertId) {
        return byId.get(alertId);
    }
}

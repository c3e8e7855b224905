package dev.vigil.lifecycle;

import dev.vigil.avro.Alert;
import dev.vigil.avro.AlertLifecycleEvent;
import dev.vigil.lifecycle.view.AlertFilter;
import dev.vigil.lifecycle.view.AlertView;
import dev.vigil.lifecycle.view.AlertViewReader;
import dev.vigil.lifecycle.view.ViewUnavailableException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** An alert view in a map, folded with the same {@link AlertView} rules as the topology, for fast API tests. */
public final class InMemoryViews implements AlertViewReader {

    private final Map<String, AlertView> views = new ConcurrentHashMap<>();
    private volatile RuntimeException failure;

    public InMemoryViews add(Alert alert) {
        views.put(alert.getAlertId(), AlertView.open(alert, Fixtures.T0));
        return this;
    }

    /** Applies an event as the view processor would (illegal ones and agent commands change nothing). */
    public void apply(AlertLifecycleEvent event) {
        if (event.getAlertId() == null) {
            return;
        }
        views.computeIfPresent(event.getAlertId(), (id, view) -> view.after(event, Fixtures.T0).orElse(view));
    }

    /** From now on every read throws {@code failure}. */
    public void failWith(RuntimeException failure) {
        this.failure = failure;
    }

    public static ViewUnavailableException unavailable() {
        return new ViewUnavailableException("rebalancing", null);
    }

    @Override
    public Optional<AlertView> get(String alertId) {
        throwIfFailing();
        return Optional.ofNullable(views.get(alertId));
    }

    @Override
    public List<AlertView> list(AlertFilter filter) {
        throwIfFailing();
        return filter.select(views.values().iterator());
    }

    @Override
    public void forEach(Consumer<AlertView> visitor) {
        throwIfFailing();
        views.values().forEach(visitor);
    }

    private void throwIfFailing() {
        if (failure != null) {
            throw failure;
        }
    }
}

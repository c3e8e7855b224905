package dev.vigil.lifecycle;

import dev.vigil.avro.AlertLifecycleEvent;
import dev.vigil.lifecycle.command.LifecycleEventWriter;
import dev.vigil.lifecycle.command.WriteFailedException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;

/**
 * Records the events written and, like the topic and the topology, hands them to the in-memory incident view, unless
 * told that the view lags (never applies them) or that Kafka fails.
 */
public final class RecordingIncidentWriter implements LifecycleEventWriter {

    private final InMemoryIncidents incidents;
    private final List<AlertLifecycleEvent> written = new CopyOnWriteArrayList<>();
    private volatile boolean viewLags;
    private volatile boolean kafkaFails;

    public RecordingIncidentWriter(InMemoryIncidents incidents) {
        this.incidents = incidents;
    }

    public void viewLags() {
        this.viewLags = true;
    }

    public void kafkaFails() {
        this.kafkaFails = true;
    }

    public List<AlertLifecycleEvent> written() {
        return List.copyOf(written);
    }

    @Override
    public void write(AlertLifecycleEvent event) {
        if (kafkaFails) {
            throw new WriteFailedException("no broker answered", new TimeoutException("timeout"));
        }
        written.add(event);
        if (!viewLags) {
            incidents.apply(event);
        }
    }
}

package dev.vigil.lifecycle;

import dev.vigil.lifecycle.api.LifecycleHttpServer;
import dev.vigil.lifecycle.command.AgentControl;
import dev.vigil.lifecycle.command.AgentRegistry;
import dev.vigil.lifecycle.command.AlertCommands;
import dev.vigil.lifecycle.command.ChannelCommands;
import dev.vigil.lifecycle.command.IncidentCommands;
import dev.vigil.lifecycle.command.RuleCommands;
import dev.vigil.lifecycle.command.SilenceCommands;
import dev.vigil.lifecycle.stream.EventJournal;
import dev.vigil.lifecycle.stream.EventStream;
import dev.vigil.lifecycle.view.NotificationViewReader;
import dev.vigil.notifier.channel.ChannelSpecs;
import dev.vigil.notifier.channel.HostPolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** The services of the HTTP server for API tests, each over in-memory views and writers unless a test gives its own. */
public final class ApiServices {

    private InMemoryViews alerts = new InMemoryViews();
    private AlertCommands alertCommands;
    private RuleCommands rules;
    private ChannelCommands channels;
    private SilenceCommands silences;
    private EventStream stream;
    private NotificationViewReader notifications = alertId -> List.of();
    private InMemoryIncidents incidents = new InMemoryIncidents();
    private IncidentCommands incidentCommands;
    private AgentRegistry agents;
    private AgentControl agentControl;

    public ApiServices alerts(InMemoryViews alerts, AlertCommands commands) {
        this.alerts = alerts;
        this.alertCommands = commands;
        return this;
    }

    public ApiServices rules(RuleCommands rules) {
        this.rules = rules;
        return this;
    }

    public ApiServices channels(ChannelCommands channels) {
        this.channels = channels;
        return this;
    }

    public ApiServices silences(SilenceCommands silences) {
        this.silences = silences;
        return this;
    }

    public ApiServices stream(EventStream stream) {
        this.stream = stream;
        return this;
    }

    public ApiServices notifications(NotificationViewReader notifications) {
        this.notifications = notifications;
        return this;
    }

    public ApiServices incidents(InMemoryIncidents incidents, IncidentCommands commands) {
        this.incidents = incidents;
        this.incidentCommands = commands;
        return this;
    }

    public ApiServices agents(AgentRegistry agents, AgentControl control) {
        this.agents = agents;
        this.agentControl = control;
        return this;
    }

    public LifecycleHttpServer.Services build() {
        if (alertCommands == null) {
            alertCommands = new AlertCommands(alerts, new RecordingWriter(alerts), Clock.systemUTC(), Duration.ofMillis(200));
        }
        if (rules == null) {
            InMemoryRules view = new InMemoryRules();
            rules = new RuleCommands(view, new RecordingRuleWriter(view));
        }
        if (channels == null) {
            var view = InMemoryRecords.channels(ChannelSpecs.STANDARD);
            channels = new ChannelCommands(view, new RecordingTopicWriter<>(view), ChannelSpecs.STANDARD,
                    HostPolicy.PUBLIC_ONLY, Clock.systemUTC());
        }
        if (silences == null) {
            var view = InMemoryRecords.silences();
            silences = new SilenceCommands(view, new RecordingTopicWriter<>(view), Duration.ofDays(7), Clock.systemUTC());
        }
        if (stream == null) {
            stream = new EventStream(new EventJournal(100, Clock.systemUTC()), EventStream.DEFAULT_HEARTBEAT,
                    EventStream.DEFAULT_MAX_CLIENTS);
        }
        if (incidentCommands == null) {
            incidentCommands = new IncidentCommands(incidents, new RecordingIncidentWriter(incidents), Clock.systemUTC(),
                    Duration.ofMillis(200));
        }
        if (agents == null) {
            var view = InMemoryRecords.agents();
            agents = new AgentRegistry(view, new RecordingTopicWriter<>(view));
            agentControl = new AgentControl(agents, InMemoryRecords.statuses(), new RecordingWriter(alerts),
                    Clock.systemUTC());
        }
        return new LifecycleHttpServer.Services(alerts, alertCommands, rules, channels, silences, stream, notifications,
                incidents, incidentCommands, agents, agentControl);
    }
}

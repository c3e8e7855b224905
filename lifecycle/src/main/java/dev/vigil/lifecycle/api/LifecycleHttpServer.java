package dev.vigil.lifecycle.api;

import dev.vigil.core.ops.OpsServer;
import dev.vigil.lifecycle.command.AgentControl;
import dev.vigil.lifecycle.command.AgentRegistry;
import dev.vigil.lifecycle.cluster.ClusterRoutes;
import dev.vigil.lifecycle.command.AlertCommands;
import dev.vigil.lifecycle.command.ChannelCommands;
import dev.vigil.lifecycle.command.IncidentCommands;
import dev.vigil.lifecycle.command.RuleCommands;
import dev.vigil.lifecycle.command.SilenceCommands;
import dev.vigil.lifecycle.stream.EventStream;
import dev.vigil.lifecycle.view.AlertViewReader;
import dev.vigil.lifecycle.view.NotificationViewReader;
import dev.vigil.lifecycle.view.IncidentViewReader;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * The lifecycle service's HTTP server (Javalin): the alert routes of {@link AlertRoutes}, the rule routes of
 * {@link RuleRoutes}, the channel routes of {@link ChannelRoutes}, the silence routes of {@link SilenceRoutes}, the live stream of {@link EventStreamRoutes}, the agent routes of {@link AgentRoutes}, plus {@code GET /health} (200 UP, or 503 with the reason) and {@code GET /metrics}
 * (Prometheus text). Built from its parts so that tests can start it on a free port with in-memory views and
 * writers.
 */
public final class LifecycleHttpServer implements AutoCloseable {

    private final Javalin app;
    private final EventStream stream;

    /** What the routes read and change. */
    public record Services(AlertViewReader alerts, AlertCommands alertCommands, RuleCommands rules,
                           ChannelCommands channels, SilenceCommands silences, EventStream stream,
                           NotificationViewReader notifications, IncidentViewReader incidents,
                           IncidentCommands incidentCommands, AgentRegistry agents, AgentControl agentControl) {
    }

    private LifecycleHttpServer(Javalin app, EventStream stream) {
        this.app = app;
        this.stream = stream;
    }

    /** Starts serving on {@code host:port} (port 0: a free one). */
    public static LifecycleHttpServer start(String host, int port, Services services, PrometheusMeterRegistry registry,
                                            OpsServer.HealthCheck health) {
        return start(host, port, services, registry, health, null);
    }

    /**
     * As above, requiring an API key on every route but {@code /health} and {@code /metrics} ({@link AccessControl});
     * {@code keys} null switches authentication off.
     */
    public static LifecycleHttpServer start(String host, int port, Services services, PrometheusMeterRegistry registry,
                                            OpsServer.HealthCheck health, dev.vigil.lifecycle.auth.ApiKeys keys) {
        return start(host, port, services, registry, health, keys, ClusterRoutes::refuseAll);
    }

    /**
     * As above, with the routes and handlers of the cluster part ({@code dev.vigil.lifecycle.cluster.Cluster}),
     * registered after the API key check and before the routes.
     */
    public static LifecycleHttpServer start(String host, int port, Services services, PrometheusMeterRegistry registry,
                                            OpsServer.HealthCheck health, dev.vigil.lifecycle.auth.ApiKeys keys,
                                            Consumer<Javalin> cluster) {
        Javalin app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.startupWatcherEnabled = false;
            config.jetty.modifyServer(server -> server.setErrorHandler(new JettyErrors()));
            config.jetty.modifyServletContextHandler(handler -> handler.setErrorHandler(new JettyErrors()));
        });
        ErrorHandlers.register(app);
        AccessControl.register(app, keys);
        cluster.accept(app);
        new AlertRoutes(services.alerts(), services.alertCommands(), services.notifications(), registry).register(app);
        new CompatibilityRoutes(services.alerts(), services.alertCommands(), Clock.systemUTC()).register(app);
        new MetricsRoutes(services.alerts(), Clock.systemUTC()).register(app);
        new RuleRoutes(services.rules(), registry).register(app);
        new ChannelRoutes(services.channels(), registry).register(app);
        new SilenceRoutes(services.silences(), registry).register(app);
        new IncidentRoutes(services.incidents(), services.incidentCommands(), services.alerts(), registry).register(app);
        new EventStreamRoutes(services.stream(), registry, Clock.systemUTC()).register(app);
        new AgentRoutes(services.agents(), services.agentControl(), services.alerts(), registry).register(app);
        new OpenApiRoutes().register(app);
        app.get("/health", ctx -> {
            String problem = health.get();
            if (problem == null) {
                Responses.json(ctx, 200, Responses.object().put("status", "UP"));
            } else {
                Responses.json(ctx, 503, Responses.object().put("status", "DOWN").put("reason", problem));
            }
        });
        app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape()));
        app.start(host, port);
        return new LifecycleHttpServer(app, services.stream());
    }

    /**
     * Every HTTP route the server answers, as {@code "METHOD /path"} with Javalin's {@code {param}} placeholders (the
     * same syntax as OpenAPI's), in registration order; before- and after-handlers are not routes. For the tests that
     * hold the OpenAPI document and the tenant-isolation matrix to the routes that exist.
     */
    public java.util.List<String> routes() {
        return app.unsafeConfig().pvt.internalRouter.allHttpHandlers().stream()
                .map(parsed -> parsed.getEndpoint())
                .filter(endpoint -> endpoint.getMethod().isHttpMethod())
                .map(endpoint -> endpoint.getMethod().name() + " " + endpoint.getPath())
                .toList();
    }

    /** The port actually bound. */
    public int port() {
        return app.port();
    }

    /** Ends the open event streams first, so that stopping does not wait for their next heartbeat. */
    @Override
    public void close() {
        stream.close();
        app.stop();
    }
}

package dev.vigil.core.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ops endpoint of an app: {@code GET /health} (200 UP or 503 with the reason) and {@code GET /metrics}
 * (Prometheus text format). The app owns the meter registry; this server only exposes it.
 */
public final class OpsServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OpsServer.class);

    /** An app's health: {@code null} when healthy, otherwise why not. */
    @FunctionalInterface
    public interface HealthCheck extends Supplier<String> {
    }

    private final HttpServer server;

    private OpsServer(HttpServer server) {
        this.server = server;
    }

    /** An app's registry, with the JVM's meters bound: memory, GC, threads, classes, CPU and uptime. */
    public static PrometheusMeterRegistry newRegistry() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics().bindTo(registry);
        new io.micrometer.core.instrument.binder.jvm.JvmGcMetrics().bindTo(registry);
        new io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics().bindTo(registry);
        new io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics().bindTo(registry);
        new io.micrometer.core.instrument.binder.system.ProcessorMetrics().bindTo(registry);
        new io.micrometer.core.instrument.binder.system.UptimeMetrics().bindTo(registry);
        return registry;
    }

    /** Starts serving on {@code port} (0: a free one) on all interfaces. */
    public static OpsServer start(String app, int port, PrometheusMeterRegistry registry, HealthCheck health) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
            server.createContext("/health", exchange -> {
                String problem = health.get();
                String body = problem == null ? "{\"status\":\"UP\",\"app\":\"" + app + "\"}"
                        : "{\"status\":\"DOWN\",\"app\":\"" + app + "\",\"reason\":\"" + problem.replace("\"", "'") + "\"}";
                respond(exchange, problem == null ? 200 : 503, "application/json", body);
            });
            server.createContext("/metrics", exchange ->
                    respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
            server.start();
            LOG.info("{} ops endpoint on port {}: /health, /metrics", app, server.getAddress().getPort());
            return new OpsServer(server);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot open the ops port " + port + " for " + app + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

package dev.vigil.core.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The ops endpoint every app serves: health, and Prometheus metrics with the JVM's meters. */
class OpsServerTest {

    @Test
    void metricsCarryTheJvmMetersAndHealthSaysWhyItIsDown() throws Exception {
        var registry = OpsServer.newRegistry();
        String[] problem = {null};
        OpsServer server = OpsServer.start("test", 0, registry, () -> problem[0]);
        try {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + server.port();
            String metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).contains("jvm_memory_used_bytes{", "jvm_threads_live_threads", "process_uptime_seconds",
                    "jvm_classes_loaded_classes", "system_cpu_count");

            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            problem[0] = "store not ready";
            HttpResponse<String> down = http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.body()).contains("store not ready");
        } finally {
            server.close();
        }
    }
}

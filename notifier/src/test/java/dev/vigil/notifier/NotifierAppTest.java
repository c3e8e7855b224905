package dev.vigil.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/** The app's lifecycle, without a broker: nothing here needs Kafka to answer. */
class NotifierAppTest {

    private static NotifierConfig config(String... keyValues) throws Exception {
        Map<String, String> values = new HashMap<>(Map.of("bootstrap.servers", "localhost:" + closedPort(),
                "schema.registry.url", "mem://notifier-app-test", "vigil.ops.port", "0"));
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        return new NotifierConfig(values);
    }

    @Test
    void startsOnceAndClosesIdempotently() throws Exception {
        NotifierApp app = new NotifierApp(config());
        app.start();

        assertThatThrownBy(app::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("started once");
        assertThat(app.failure()).isNull();
        app.close();
        assertThatCode(app::close).doesNotThrowAnyException();
        assertThatThrownBy(app::start).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void closingAnAppThatNeverStartedIsHarmless() throws Exception {
        assertThatCode(() -> new NotifierApp(config()).close()).doesNotThrowAnyException();
    }

    @Test
    void startFailsFastNamingTheKeyWhenTheSerdeCannotBeMade() throws Exception {
        NotifierApp app = new NotifierApp(config("vigil.serde.class", "com.example.NoSuchSerde"));

        assertThatThrownBy(app::start).isInstanceOf(ConfigException.class).hasMessageContaining("vigil.serde.class");
        assertThatCode(app::close).doesNotThrowAnyException();
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

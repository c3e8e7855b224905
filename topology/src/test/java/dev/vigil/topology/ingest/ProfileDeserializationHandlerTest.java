package dev.vigil.topology.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.serde.SchemaRegistryUnavailableException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import java.lang.reflect.Proxy;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler.Result;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.junit.jupiter.api.Test;

class ProfileDeserializationHandlerTest {

    private final ProfileDeserializationHandler handler = new ProfileDeserializationHandler();
    /** A context that answers every question with nothing: the handler only logs what it holds. */
    private static final ErrorHandlerContext CONTEXT = (ErrorHandlerContext) Proxy.newProxyInstance(
            ErrorHandlerContext.class.getClassLoader(), new Class<?>[] {ErrorHandlerContext.class},
            (proxy, method, args) -> zeroFor(method.getReturnType()));

    private static Object zeroFor(Class<?> type) {
        if (type == long.class) {
            return 0L;
        }
        return type == int.class ? (Object) 0 : null;
    }

    private final ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("vigil.agents.v1", 0, 7L, new byte[] {1}, new byte[] {2});

    @Test
    void aCorruptProfileIsSkipped() {
        assertThat(handler.handleError(CONTEXT, record, new SerializationException("Corrupt payload")).result()).isEqualTo(Result.RESUME);
    }

    @Test
    void anUnavailableRegistryStopsTheAppRatherThanSkippingProfiles() {
        SerializationException failure = new SerializationException("Cannot read", new SchemaRegistryUnavailableException("HTTP 503"));

        assertThat(handler.handleError(CONTEXT, record, failure).result()).isEqualTo(Result.FAIL);
    }
}

package dev.vigil.topology.ingest;

import dev.vigil.serde.SchemaRegistryUnavailableException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Guards the one typed source, the agent registry: a corrupt profile record is logged, counted in Kafka Streams'
 * dropped-records metric and skipped (the agent keeps its previous profile). But when the schema registry is
 * unavailable, skipping would silently empty the registry and raise a critical {@code unknown_agent} for every
 * agent; so that failure stops the app instead, loudly (health DOWN), to be restarted once the registry answers.
 */
public final class ProfileDeserializationHandler extends LogAndContinueExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ProfileDeserializationHandler.class);

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        if (SchemaRegistryUnavailableException.isCauseOf(exception)) {
            LOG.error("Cannot read agent profiles from {} while the schema registry is unavailable; stopping rather than "
                    + "skipping profiles (which would raise unknown_agent for every agent): {}", record.topic(), exception.getMessage());
            return Response.fail();
        }
        return super.handleError(context, record, exception);
    }
}

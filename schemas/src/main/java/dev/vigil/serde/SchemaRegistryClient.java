package dev.vigil.serde;

import org.apache.avro.Schema;

/**
 * The two calls of the Confluent Schema Registry REST API that the wire format needs.
 * Implementations cache: a schema id never changes meaning, so each is fetched once.
 */
public interface SchemaRegistryClient {

    /** Registers {@code schema} under {@code subject} (idempotent) and returns its global id. */
    int register(String subject, Schema schema);

    /** The schema with global id {@code id}; throws {@link org.apache.kafka.common.errors.SerializationException} if unknown. */
    Schema schemaById(int id);
}

package dev.vigil.serde;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.kafka.common.errors.SerializationException;

/**
 * An in-process registry, selected by a {@code mem://NAME} URL, for the embedded demo, replay and tests.
 * Every client of the same NAME in one JVM shares one registry; ids start at 1 and are global, as in Confluent's.
 */
public final class MemorySchemaRegistry implements SchemaRegistryClient {

    private static final Map<String, MemorySchemaRegistry> BY_NAME = new ConcurrentHashMap<>();

    private final List<Schema> schemas = new ArrayList<>();
    private final Map<String, Integer> idsByCanonicalSchema = new ConcurrentHashMap<>();

    /** The shared registry called {@code name}, created on first use. */
    public static MemorySchemaRegistry named(String name) {
        return BY_NAME.computeIfAbsent(name, n -> new MemorySchemaRegistry());
    }

    /** A registry of its own, shared with nobody. */
    public static MemorySchemaRegistry isolated() {
        return new MemorySchemaRegistry();
    }

    @Override
    public synchronized int register(String subject, Schema schema) {
        return idsByCanonicalSchema.computeIfAbsent(schema.toString(), s -> {
            schemas.add(schema);
            return schemas.size();
        });
    }

    @Override
    public synchronized Schema schemaById(int id) {
        if (id < 1 || id > schemas.size()) {
            throw new SerializationException("Unknown schema id " + id + " in the in-process registry");
        }
        return schemas.get(id - 1);
    }
}

package dev.vigil.serde;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.kafka.common.errors.SerializationException;

/**
 * An in-process registry, selected by a {@code mem://NAME} URL, for the embedded demo, replay and tests.
 * Every client of the same NAME in one JVM shares one registry. It numbers like Confluent's: ids start at 1 and
 * are global (the same schema under two subjects has one id), versions count per subject from 1.
 * {@link LocalRegistryServer} serves it over the Confluent REST API to other processes.
 */
public final class MemorySchemaRegistry implements SchemaRegistryClient {

    private static final Map<String, MemorySchemaRegistry> BY_NAME = new ConcurrentHashMap<>();

    private final List<Schema> schemas = new ArrayList<>();
    private final Map<String, Integer> idsByCanonicalSchema = new HashMap<>();
    private final Map<String, List<Integer>> idsBySubject = new TreeMap<>();

    private MemorySchemaRegistry() {
    }

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
        int id = idsByCanonicalSchema.computeIfAbsent(schema.toString(), s -> {
            schemas.add(schema);
            return schemas.size();
        });
        List<Integer> versions = idsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
        if (!versions.contains(id)) {
            versions.add(id);
        }
        return id;
    }

    @Override
    public synchronized Schema schemaById(int id) {
        if (id < 1 || id > schemas.size()) {
            throw new SerializationException("Unknown schema id " + id + " (the in-process registry holds "
                    + (schemas.isEmpty() ? "none" : "ids 1 to " + schemas.size()) + ")");
        }
        return schemas.get(id - 1);
    }

    /** The subjects that have a schema, sorted. */
    public synchronized List<String> subjects() {
        return List.copyOf(idsBySubject.keySet());
    }

    /** The schema ids registered under {@code subject}, in version order (version n is element n - 1); empty if none. */
    public synchronized List<Integer> idsOf(String subject) {
        List<Integer> ids = idsBySubject.get(subject);
        return ids == null ? List.of() : List.copyOf(ids);
    }
}

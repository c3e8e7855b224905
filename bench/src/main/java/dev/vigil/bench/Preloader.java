package dev.vigil.bench;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.AgentProfile;
import dev.vigil.avro.RuleDefinition;
import dev.vigil.core.config.Topics;
import dev.vigil.serde.AvroSerializer;
import dev.vigil.serde.SchemaRegistries;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes the fleet's profiles and events before the clock starts, so the benchmark times the topology alone.
 * Not transactional: the events topic then has no transaction markers and its end offset is exactly the number
 * of events, which is what the catch-up check compares against.
 *
 * <p>Records carry the time they are written, not the event's {@code occurredAt}: the topology takes event time
 * from the payload, and the synthetic events happened in January 2026. Stamped with that time they are older than
 * the events topic's retention (7 days), and the broker's retention check (30 s after it starts, then every 5
 * minutes) deleted them under a running benchmark: the topology's consumer fell out of range, jumped to the new
 * log start offset (the end) and the run stalled with nothing logged above INFO.
 */
final class Preloader {

    private static final int CHUNK = 10_000;

    private final String bootstrapServers;
    private final String registryUrl;

    Preloader(String bootstrapServers, String registryUrl) {
        this.bootstrapServers = bootstrapServers;
        this.registryUrl = registryUrl;
    }

    /** How events are keyed: by agentId as producers should, or without a key (re-keyed by the topology). */
    enum Keys {
        AGENT, NONE
    }

    void load(SyntheticFleet fleet, Topics topics, int events) {
        load(fleet, topics, events, Keys.AGENT);
    }

    void load(SyntheticFleet fleet, Topics topics, int events, Keys keys) {
        try (KafkaProducer<String, AgentProfile> profiles = producer(AgentProfile.class);
             KafkaProducer<String, AgentEvent> eventProducer = producer(AgentEvent.class)) {
            AtomicReference<Exception> failure = new AtomicReference<>();
            for (AgentProfile profile : fleet.profiles()) {
                profiles.send(new ProducerRecord<>(topics.agents(), profile.getAgentId(), profile), remember(failure));
            }
            profiles.flush();
            for (long from = 0; from < events && failure.get() == null; from += CHUNK) {
                for (AgentEvent event : generate(fleet, from, Math.min(events, from + CHUNK), events)) {
                    String key = keys == Keys.AGENT ? event.getAgentId() : null;
                    eventProducer.send(new ProducerRecord<>(topics.events(), key, event), remember(failure));
                }
            }
            eventProducer.flush();
            if (failure.get() != null) {
                throw new IllegalStateException("Pre-producing the benchmark input failed: " + failure.get().getMessage(),
                        failure.get());
            }
        }
    }

    /**
     * Publishes rule records on the rules topic, keyed by rule id. Written before the topology starts, they are in
     * force before its first event: Kafka Streams reads a global store's topic to its end before processing.
     */
    void loadRules(Topics topics, List<RuleDefinition> rules) {
        try (KafkaProducer<String, RuleDefinition> producer = producer(RuleDefinition.class)) {
            AtomicReference<Exception> failure = new AtomicReference<>();
            rules.forEach(r -> producer.send(new ProducerRecord<>(topics.rules(), r.getRuleId(), r), remember(failure)));
            producer.flush();
            if (failure.get() != null) {
                throw new IllegalStateException("Publishing the benchmark's rules failed: " + failure.get().getMessage(),
                        failure.get());
            }
        }
    }

    /** Events [from, to) in order, generated on all cores: signing receipts costs more than sending them. */
    private static List<AgentEvent> generate(SyntheticFleet fleet, long from, long to, long total) {
        return LongStream.range(from, to).parallel().mapToObj(n -> fleet.event(n, total)).toList();
    }

    private static Callback remember(AtomicReference<Exception> failure) {
        return (metadata, exception) -> {
            if (exception != null) {
                failure.compareAndSet(null, exception);
            }
        };
    }

    private <T extends SpecificRecord> KafkaProducer<String, T> producer(Class<T> type) {
        AvroSerializer<T> serializer = new AvroSerializer<>(SchemaRegistries.forUrl(registryUrl));
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.CLIENT_ID_CONFIG, "vigil-bench-preloader-" + type.getSimpleName()),
                new StringSerializer(), serializer);
    }
}

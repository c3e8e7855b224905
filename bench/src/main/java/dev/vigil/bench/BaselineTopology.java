package dev.vigil.bench;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.AgentProfile;
import dev.vigil.core.config.Topics;
import dev.vigil.serde.AvroSerde;
import dev.vigil.serde.SchemaRegistries;
import dev.vigil.serde.SchemaRegistryClient;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Joined;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.kstream.Named;

/**
 * The floor under any detection topology: read each event, deserialize it, join the agent's profile and update
 * one per-agent counter in RocksDB, all exactly-once, on plain Kafka Streams. The Vigil topology's number is worth
 * reading against it ({@code --topology baseline}): the difference is what detection costs.
 */
final class BaselineTopology implements TopologyUnderTest {

    static final String EVENTS_SOURCE = "bench-events-source";
    static final String PROFILES_SOURCE = "bench-profiles-source";
    static final String PROFILES_STORE = "bench-profiles-store";
    static final String JOIN_PROFILE = "bench-join-profile";
    static final String GROUP_BY_AGENT = "bench-group-by-agent";
    static final String COUNT = "bench-count-per-agent";
    static final String COUNT_STORE = "bench-count-per-agent-store";

    @Override
    public String name() {
        return "baseline";
    }

    @Override
    public Running start(RunSetup setup) {
        KafkaStreams streams = new KafkaStreams(build(setup.topics(), setup.registryUrl()), properties(setup));
        streams.setUncaughtExceptionHandler(error -> StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        streams.start();
        return new Running() {
            @Override
            public KafkaStreams.State state() {
                return streams.state();
            }

            @Override
            public KafkaStreams streams() {
                return streams;
            }

            @Override
            public void close() {
                streams.close();
            }
        };
    }

    static Topology build(Topics topics, String registryUrl) {
        SchemaRegistryClient registry = SchemaRegistries.forUrl(registryUrl);
        StreamsBuilder builder = new StreamsBuilder();
        KTable<String, AgentProfile> profiles = builder.table(topics.agents(),
                Consumed.with(Serdes.String(), new AvroSerde<>(AgentProfile.class, registry)).withName(PROFILES_SOURCE),
                Materialized.as(PROFILES_STORE));
        builder.stream(topics.events(),
                        Consumed.with(Serdes.String(), new AvroSerde<>(AgentEvent.class, registry)).withName(EVENTS_SOURCE))
                .leftJoin(profiles, (event, profile) -> profile == null ? "unknown" : profile.getTenantId(),
                        Joined.<String, AgentEvent, AgentProfile>as(JOIN_PROFILE))
                .groupByKey(Grouped.with(GROUP_BY_AGENT, Serdes.String(), Serdes.String()))
                .count(Named.as(COUNT), Materialized.as(COUNT_STORE));
        return builder.build();
    }

    private static Properties properties(RunSetup setup) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, setup.applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, setup.bootstrapServers());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, setup.threads());
        props.put(StreamsConfig.STATE_DIR_CONFIG, setup.stateDir().toString());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        return props;
    }
}

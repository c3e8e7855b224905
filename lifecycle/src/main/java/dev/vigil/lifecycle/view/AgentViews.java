package dev.vigil.lifecycle.view;

import dev.vigil.avro.AgentProfile;
import dev.vigil.avro.AgentStatus;
import dev.vigil.core.config.Topics;
import dev.vigil.serde.SerdeFactory;
import java.util.function.Function;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The agent registry ({@code vigil.agents.v1}, {@link LifecycleTopology#AGENTS_STORE}) and the agents' circuit-breaker
 * states ({@code vigil.agent-status.v1}, {@link LifecycleTopology#AGENT_STATUS_STORE}), each a global store keyed by
 * agentId, so that every instance answers agent queries without routing: a registry of 100k agents at about 1 KB
 * each is some 100 MB per instance, in memory and rebuilt from the compacted topics at start.
 *
 * <p>The views keep every record that decodes and names its key ({@link RecordViewProcessor}); the content of a
 * profile is not judged again, because the topology uses every profile that decodes and the API should show what
 * detection uses. Profiles written through the API are validated there ({@code ProfileJson}). A record that does not
 * decode, or whose agentId is not its key, is counted ({@link SkippedRecords#INVALID_AGENT},
 * {@link SkippedRecords#INVALID_AGENT_STATUS}), logged and passed over.
 */
public final class AgentViews {

    private AgentViews() {
    }

    static void add(Topology topology, Topics topics, SerdeFactory serdes) {
        RecordViewProcessor.Kind<AgentProfile> profile = new RecordViewProcessor.Kind<>("agent",
                SkippedRecords.INVALID_AGENT, AgentProfile::getAgentId, p -> { });
        topology.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(LifecycleTopology.AGENTS_STORE), Serdes.String(),
                        new StoredRecord.StoreSerde<>(AgentProfile.getEncoder(), AgentProfile.getDecoder()))
                        .withLoggingDisabled(),
                LifecycleTopology.AGENTS_SOURCE, new StringDeserializer(), new ByteArrayDeserializer(), topics.agents(),
                LifecycleTopology.AGENTS_VIEW,
                () -> new RecordViewProcessor<>(LifecycleTopology.AGENTS_VIEW, topics.agents(),
                        LifecycleTopology.AGENTS_STORE, serdes.valueSerde(AgentProfile.class).deserializer(), profile));
        RecordViewProcessor.Kind<AgentStatus> status = new RecordViewProcessor.Kind<>("agent status",
                SkippedRecords.INVALID_AGENT_STATUS, AgentStatus::getAgentId, s -> { });
        topology.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(LifecycleTopology.AGENT_STATUS_STORE),
                                Serdes.String(),
                                new StoredRecord.StoreSerde<>(AgentStatus.getEncoder(), AgentStatus.getDecoder()))
                        .withLoggingDisabled(),
                LifecycleTopology.AGENT_STATUS_SOURCE, new StringDeserializer(), new ByteArrayDeserializer(),
                topics.agentStatus(), LifecycleTopology.AGENT_STATUS_VIEW,
                () -> new RecordViewProcessor<>(LifecycleTopology.AGENT_STATUS_VIEW, topics.agentStatus(),
                        LifecycleTopology.AGENT_STATUS_STORE, serdes.valueSerde(AgentStatus.class).deserializer(),
                        status));
    }

    /** The registry as the API reads it: the profiles of the running views' global store. */
    public static KeyedViewReader<AgentProfile> profiles(KafkaStreams streams) {
        return new StoreRecordViewReader<>("agents view", streams, LifecycleTopology.AGENTS_STORE, Function.identity());
    }

    /** The circuit-breaker states as the API reads them. */
    public static KeyedViewReader<AgentStatus> statuses(KafkaStreams streams) {
        return new StoreRecordViewReader<>("agent status view", streams, LifecycleTopology.AGENT_STATUS_STORE,
                Function.identity());
    }
}

package dev.vigil.lifecycle.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.AgentProfile;
import dev.vigil.avro.AgentStatus;
import dev.vigil.avro.BreakerState;
import dev.vigil.core.config.Topics;
import dev.vigil.lifecycle.AgentFixtures;
import dev.vigil.lifecycle.Fixtures;
import dev.vigil.serde.SerdeFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Function;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agents and agent-status views of {@link LifecycleTopology}, read as the API reads them. */
class AgentViewsTest {

    private final Topics topics = Topics.defaults();
    private final SerdeFactory serdes = SerdeFactory.forRegistry("mem://agent-views-" + UUID.randomUUID());
    private TopologyTestDriver driver;
    private TestInputTopic<String, AgentProfile> agents;
    private TestInputTopic<String, byte[]> rawAgents;
    private TestInputTopic<String, AgentStatus> statuses;
    private TestInputTopic<String, byte[]> rawStatuses;
    private KeyedViewReader<AgentProfile> profileReader;
    private KeyedViewReader<AgentStatus> statusReader;
    @TempDir
    Path stateDir;

    @BeforeEach
    void startDriver() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "agent-views-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(LifecycleTopology.build(topics, serdes), props);
        agents = driver.createInputTopic(topics.agents(), new StringSerializer(),
                serdes.valueSerde(AgentProfile.class).serializer());
        rawAgents = driver.createInputTopic(topics.agents(), new StringSerializer(), new ByteArraySerializer());
        statuses = driver.createInputTopic(topics.agentStatus(), new StringSerializer(),
                serdes.valueSerde(AgentStatus.class).serializer());
        rawStatuses = driver.createInputTopic(topics.agentStatus(), new StringSerializer(), new ByteArraySerializer());
        KeyValueStore<String, StoredRecord<AgentProfile>> profileStore = driver.getKeyValueStore(LifecycleTopology.AGENTS_STORE);
        KeyValueStore<String, StoredRecord<AgentStatus>> statusStore =
                driver.getKeyValueStore(LifecycleTopology.AGENT_STATUS_STORE);
        profileReader = new StoreRecordViewReader<>("agents view", () -> profileStore, Function.identity());
        statusReader = new StoreRecordViewReader<>("agent status view", () -> statusStore, Function.identity());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void aProfileIsServedUnderItsAgentIdWithTheOffsetOfItsRecord() {
        agents.pipeInput("did:web:b", AgentFixtures.profile("did:web:b", "t1"));
        agents.pipeInput("did:web:a", AgentFixtures.profile("did:web:a", "t2"));

        ViewEntry<AgentProfile> a = profileReader.get("did:web:a").orElseThrow();

        assertThat(a.offset()).isEqualTo(1);
        assertThat(a.value().getTenantId()).isEqualTo("t2");
        assertThat(profileReader.all()).extracting(ViewEntry::key).containsExactly("did:web:a", "did:web:b");
        assertThat(profileReader.get("did:web:none")).isEmpty();
    }

    @Test
    void aTombstoneMarksTheAgentDeleted() {
        agents.pipeInput("did:web:a", AgentFixtures.profile("did:web:a", "t1"));

        rawAgents.pipeInput("did:web:a", (byte[]) null);

        assertThat(profileReader.get("did:web:a").orElseThrow().deleted()).isTrue();
    }

    @Test
    void profilesThatDoNotDecodeOrNameAnotherAgentAreCountedAndIgnored() {
        agents.pipeInput("did:web:a", AgentFixtures.profile("did:web:a", "t1"));
        rawAgents.pipeInput("did:web:a", "poison".getBytes(StandardCharsets.UTF_8));
        agents.pipeInput("did:web:b", AgentFixtures.profile("did:web:other", "t1"));
        agents.pipeInput((String) null, AgentFixtures.profile("did:web:c", "t1"));

        assertThat(profileReader.all()).extracting(ViewEntry::key).containsExactly("did:web:a");
        assertThat(profileReader.get("did:web:a").orElseThrow().value().getName()).isEqualTo("Agent did:web:a");
        assertThat(skipped(SkippedRecords.INVALID_AGENT)).isEqualTo(3.0);
    }

    @Test
    void theLatestBreakerStateOfAnAgentIsServedAndBadStatusRecordsAreCounted() {
        statuses.pipeInput("did:web:a", AgentFixtures.status("did:web:a", "t1", BreakerState.WARN, Fixtures.T0));
        statuses.pipeInput("did:web:a", AgentFixtures.status("did:web:a", "t1", BreakerState.HALTED,
                Fixtures.T0.plusSeconds(5)));
        rawStatuses.pipeInput("did:web:a", "poison".getBytes(StandardCharsets.UTF_8));
        statuses.pipeInput("did:web:x", AgentFixtures.status("did:web:y", "t1", BreakerState.KILLED, Fixtures.T0));

        AgentStatus status = statusReader.get("did:web:a").orElseThrow().value();

        assertThat(status.getState()).isEqualTo(BreakerState.HALTED);
        assertThat(status.getSince()).isEqualTo(Fixtures.T0.plusSeconds(5));
        assertThat(statusReader.get("did:web:x")).isEmpty();
        assertThat(skipped(SkippedRecords.INVALID_AGENT_STATUS)).isEqualTo(2.0);
    }

    private double skipped(SkippedRecords reason) {
        return driver.metrics().entrySet().stream()
                .filter(e -> e.getKey().group().equals(SkippedRecords.GROUP)
                        && e.getKey().name().equals(reason.totalMetric()))
                .map(Map.Entry::getValue)
                .map(Metric::metricValue)
                .mapToDouble(v -> ((Number) v).doubleValue())
                .sum();
    }
}

package dev.vigil.topology.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.AgentProfile;
import dev.vigil.avro.Capability;
import dev.vigil.avro.DelegationAction;
import dev.vigil.avro.DelegationPayload;
import dev.vigil.avro.Outcome;
import dev.vigil.avro.ReceiptPayload;
import dev.vigil.avro.ToolCallPayload;
import dev.vigil.topology.DetectionSettings;
import dev.vigil.topology.detect.DetectionContext;
import dev.vigil.topology.detect.Detector;
import dev.vigil.topology.detect.bulk.BulkAccessDetector;
import dev.vigil.topology.detect.delegationrate.DelegationAnomalyDetector;
import dev.vigil.topology.detect.latency.LatencySpikeDetector;
import dev.vigil.topology.detect.model.AtypicalModelDetector;
import dev.vigil.topology.detect.payload.UnusualPayloadSizeDetector;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The state the five usage-shape rules keep per agent, measured at its worst: an agent that uses far more models,
 * tools and children than the tables hold, with every run of slow calls open and every count large. Their sections
 * together stay under 3 KB, and each under the bound its class documents.
 */
class UsageSectionsSizeTest {

    private static final long T0 = Instant.parse("2026-03-02T09:00:00Z").toEpochMilli();
    private static final long MINUTE = 60_000;
    private static final AgentProfile PROFILE = AgentProfile.newBuilder().setAgentId("did:web:a.example:big")
            .setTenantId("t").setRegisteredScopes(List.of()).setCalibrationDays(0).build();

    private final List<Detector> detectors = List.of(new AtypicalModelDetector(), new LatencySpikeDetector(),
            new BulkAccessDetector(), new UnusualPayloadSizeDetector(), new DelegationAnomalyDetector());
    private final AgentState state = AgentState.firstSeenAt(T0);
    private final DetectionContext context = new DetectionContext(PROFILE, state, DetectionSettings.defaults());
    private long time = T0;
    private int sequence;

    @Test
    void theFiveSectionsStayUnderThreeKilobytesAtTheirWorst() {
        for (int round = 0; round < 300; round++) {
            for (int model = 0; model < 20; model++) {
                send(receipt("model-" + model, "0.0" + (10 + model)));
            }
            for (int tool = 0; tool < 40; tool++) {
                send(call("tool-" + tool, Capability.values()[tool % 4], round % 50 < 47 ? 200 : 90_000_000L,
                        3_000_000_000L + round, 3_000_000L + round));
            }
            for (int child = 0; child < 10; child++) {
                send(delegation(DelegationAction.create, "child-" + round + "-" + child));
                if (child % 2 == 0) {
                    send(delegation(DelegationAction.revoke, "child-" + round + "-" + child));
                }
            }
            time += 10 * MINUTE;
        }

        Map<String, Integer> sizes = new TreeMap<>();
        state.sectionBytes().forEach((name, bytes) -> sizes.put(name, bytes.length));

        assertThat(sizes).containsOnlyKeys("atypical_model", "latency_spike", "bulk_access", "unusual_payload_size",
                "delegation_anomaly");
        assertThat(sizes.get("atypical_model")).as("atypical_model").isLessThanOrEqualTo(170);
        assertThat(sizes.get("latency_spike")).as("latency_spike").isLessThanOrEqualTo(610);
        assertThat(sizes.get("bulk_access")).as("bulk_access").isLessThanOrEqualTo(70);
        assertThat(sizes.get("unusual_payload_size")).as("unusual_payload_size").isLessThanOrEqualTo(420);
        assertThat(sizes.get("delegation_anomaly")).as("delegation_anomaly").isLessThanOrEqualTo(170);
        assertThat(sizes.values().stream().mapToInt(Integer::intValue).sum()).as(sizes.toString()).isLessThan(3000);
    }

    private void send(AgentEvent event) {
        for (Detector detector : detectors) {
            detector.onEvent(context, event);
        }
        state.observe(event.getOccurredAt().toEpochMilli());
        time += 1000;
    }

    private AgentEvent receipt(String model, String cost) {
        return event(ReceiptPayload.newBuilder().setReceiptId("r" + sequence).setProvider("p").setModel(model)
                .setCostUsd(new BigDecimal(cost).setScale(6)).build());
    }

    private AgentEvent call(String tool, Capability capability, long latency, long bytes, long records) {
        return event(ToolCallPayload.newBuilder().setTool(tool).setActionType("act").setCapability(capability)
                .setLatencyMs(latency).setBytesRead(bytes).setRecords(records).setPayloadBytes(bytes).build());
    }

    private AgentEvent delegation(DelegationAction action, String child) {
        return event(DelegationPayload.newBuilder().setAction(action).setChildAgentId(child).setDepth(1).build());
    }

    private AgentEvent event(Object payload) {
        return AgentEvent.newBuilder().setEventId("e" + sequence++).setTenantId("t").setAgentId(PROFILE.getAgentId())
                .setOccurredAt(Instant.ofEpochMilli(time)).setOutcome(Outcome.success).setPayload(payload).build();
    }
}

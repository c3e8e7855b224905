package dev.vigil.topology;

import dev.vigil.topology.breaker.BreakerPolicy;
import dev.vigil.topology.detect.Detector;
import dev.vigil.topology.detect.Param;
import dev.vigil.topology.detect.Parameters;
import dev.vigil.topology.detect.bulk.BulkAccessDetector;
import dev.vigil.topology.detect.delegation.DelegationDepthDetector;
import dev.vigil.topology.detect.delegationrate.DelegationAnomalyDetector;
import dev.vigil.topology.detect.latency.LatencySpikeDetector;
import dev.vigil.topology.detect.model.AtypicalModelDetector;
import dev.vigil.topology.detect.payload.UnusualPayloadSizeDetector;
import dev.vigil.topology.detect.scope.ScopeEscalationDetector;
import dev.vigil.topology.detect.tokenreplay.TokenReplayDetector;
import dev.vigil.topology.detect.unknownagent.UnknownAgentDetector;
import dev.vigil.topology.detect.velocity.VelocitySpikeDetector;
import java.util.ArrayList;
import java.util.List;

/** The built-in catalogue: adding a detector is one folder and one line here. Order is the order of alerts. */
public final class Detectors {

    private Detectors() {
    }

    public static List<Detector> builtIn() {
        return List.of(
                new UnknownAgentDetector(),
                new ScopeEscalationDetector(),
                new TokenReplayDetector(),
                new DelegationDepthDetector(),
                new VelocitySpikeDetector(),
                new AtypicalModelDetector(),
                new LatencySpikeDetector(),
                new BulkAccessDetector(),
                new UnusualPayloadSizeDetector(),
                new DelegationAnomalyDetector());
    }

    /** Every parameter: each detector's {@code enabled} flag and own parameters, then the circuit breaker's. */
    public static List<Param<?>> parameters() {
        List<Param<?>> all = new ArrayList<>();
        for (Detector detector : builtIn()) {
            all.add(Parameters.enabled(detector.ruleId()));
            all.addAll(detector.parameters());
        }
        all.addAll(BreakerPolicy.parameters());
        return all;
    }
}

package dev.vigil.topology;

import dev.vigil.topology.breaker.BreakerPolicy;
import dev.vigil.topology.detect.Detector;
import dev.vigil.topology.detect.Param;
import dev.vigil.topology.detect.Parameters;
import dev.vigil.topology.detect.budget.BudgetOverspendDetector;
import dev.vigil.topology.detect.bulk.BulkAccessDetector;
import dev.vigil.topology.detect.capability.CapabilityEscalationDetector;
import dev.vigil.topology.detect.cost.CostSpikeDetector;
import dev.vigil.topology.detect.delegation.DelegationDepthDetector;
import dev.vigil.topology.detect.delegationrate.DelegationAnomalyDetector;
import dev.vigil.topology.detect.errorrate.ErrorRateSpikeDetector;
import dev.vigil.topology.detect.failures.HighFailureRateDetector;
import dev.vigil.topology.detect.geo.GeoAnomalyDetector;
import dev.vigil.topology.detect.latency.LatencySpikeDetector;
import dev.vigil.topology.detect.model.AtypicalModelDetector;
import dev.vigil.topology.detect.newprincipal.NewPrincipalDetector;
import dev.vigil.topology.detect.newtool.NewToolDetector;
import dev.vigil.topology.detect.offhours.OffHoursDetector;
import dev.vigil.topology.detect.payload.UnusualPayloadSizeDetector;
import dev.vigil.topology.detect.rate.RateSpikeDetector;
import dev.vigil.topology.detect.receipts.ReceiptSurgeDetector;
import dev.vigil.topology.detect.scope.ScopeEscalationDetector;
import dev.vigil.topology.detect.sessions.ConcurrentSessionsDetector;
import dev.vigil.topology.detect.signature.SignatureFailureDetector;
import dev.vigil.topology.detect.tokenreplay.TokenReplayDetector;
import dev.vigil.topology.detect.unknownagent.UnknownAgentDetector;
import dev.vigil.topology.detect.velocity.VelocitySpikeDetector;
import java.util.ArrayList;
import java.util.List;

/**
 * The built-in catalogue: adding a detector is one folder and one line here. Order is the order of alerts for one
 * event: rule violations first, then behaviour against the agent's own baseline, then "something new".
 */
public final class Detectors {

    private Detectors() {
    }

    public static List<Detector> builtIn() {
        return List.of(
                new UnknownAgentDetector(),
                new ScopeEscalationDetector(),
                new TokenReplayDetector(),
                new ConcurrentSessionsDetector(),
                new DelegationDepthDetector(),
                new BudgetOverspendDetector(),
                new SignatureFailureDetector(),
                new CapabilityEscalationDetector(),
                new OffHoursDetector(),
                new GeoAnomalyDetector(),
                new HighFailureRateDetector(),
                new VelocitySpikeDetector(),
                new RateSpikeDetector(),
                new ReceiptSurgeDetector(),
                new CostSpikeDetector(),
                new AtypicalModelDetector(),
                new ErrorRateSpikeDetector(),
                new LatencySpikeDetector(),
                new BulkAccessDetector(),
                new UnusualPayloadSizeDetector(),
                new DelegationAnomalyDetector(),
                new NewToolDetector(),
                new NewPrincipalDetector());
    }

    /** Every parameter: each detector's {@code enabled} flag and own parameters, the circuit breaker's, feedback's. */
    public static List<Param<?>> parameters() {
        List<Param<?>> all = new ArrayList<>();
        for (Detector detector : builtIn()) {
            all.add(Parameters.enabled(detector.ruleId()));
            all.addAll(detector.parameters());
        }
        all.addAll(BreakerPolicy.parameters());
        all.addAll(dev.vigil.topology.feedback.FalsePositives.parameters());
        return all;
    }
}

package dev.vigil.topology.breaker;

import dev.vigil.avro.Severity;
import dev.vigil.topology.detect.Param;
import java.util.List;

/**
 * The circuit breaker's parameters, overridable per tenant and per agent like a detector's
 * ({@code breaker.auto-halt} in a profile's settings, {@code tenant/breaker.auto-halt=true} for a tenant).
 */
public final class BreakerPolicy {

    public static final String SCOPE = "breaker";

    public static final Param<Boolean> AUTO_HALT = Param.flag(SCOPE, "auto-halt", false,
            "true lets Vigil halt an agent by itself when a non-calibrating alert reaches halt-severity; off by default: "
                    + "enable it per tenant or per agent where a false halt costs less than a missed one.");
    public static final Param<Severity> HALT_SEVERITY = Param.severity(SCOPE, "halt-severity", Severity.critical,
            "the severity of a non-calibrating alert that halts the agent, where auto-halt is on.");
    public static final Param<Severity> WARN_SEVERITY = Param.severity(SCOPE, "warn-severity", Severity.high,
            "the severity of a non-calibrating alert that moves a MONITORING agent to WARN (and a halt-level alert "
                    + "does too where auto-halt is off).");

    private BreakerPolicy() {
    }

    public static List<Param<?>> parameters() {
        return List.of(AUTO_HALT, HALT_SEVERITY, WARN_SEVERITY);
    }
}

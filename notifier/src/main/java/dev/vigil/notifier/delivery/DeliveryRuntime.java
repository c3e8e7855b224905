package dev.vigil.notifier.delivery;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * What every {@link ChannelDelivery} of an app shares: how to wait, where to count, what time it is, and the source
 * of jitter. Grouped so that tests can swap the waiting and the randomness in one place.
 */
public record DeliveryRuntime(Sleeper sleeper, MeterRegistry registry, Clock clock, DoubleSupplier random) {

    public DeliveryRuntime {
        Objects.requireNonNull(sleeper, "sleeper");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(random, "random");
    }

    /** The production runtime: the wall clock (for the ledger's attemptedAt, not for detection) and real jitter. */
    public static DeliveryRuntime standard(Sleeper sleeper, MeterRegistry registry) {
        return new DeliveryRuntime(sleeper, registry, Clock.systemUTC(), () -> ThreadLocalRandom.current().nextDouble());
    }
}

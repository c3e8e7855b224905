package dev.vigil.lifecycle.cluster;

import java.util.Set;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Another lifecycle instance and the partitions it hosts of the view being read (the alert view's, which are the
 * incident view's too; or the one partition of the notification view a key lives in), as Kafka Streams' metadata
 * says.
 */
public record Member(HostInfo host, Set<Integer> partitions) {

    public Member {
        partitions = Set.copyOf(partitions);
    }

    /** {@code host:port}, as errors name the instance. */
    public String name() {
        return host.host() + ":" + host.port();
    }
}

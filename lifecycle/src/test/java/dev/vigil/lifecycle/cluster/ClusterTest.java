package dev.vigil.lifecycle.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.lifecycle.view.ViewUnavailableException;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

class ClusterTest {

    private static final List<Member> ONE_OTHER = List.of(new Member(new HostInfo("10.0.0.2", 8080), Set.of(1)));

    @Test
    void healthSaysWhyWhenSeveralInstancesRunWithoutASecret() {
        assertThat(Cluster.secretProblem(ClusterSecret.NONE, () -> ONE_OTHER))
                .isEqualTo("1 other lifecycle instance(s) share the alert view but vigil.lifecycle.cluster.secret is "
                        + "unset: reads and changes that need them are refused");
    }

    @Test
    void aloneOrWithASecretThereIsNoProblem() {
        assertThat(Cluster.secretProblem(ClusterSecret.NONE, List::of)).isNull();
        assertThat(Cluster.secretProblem(ClusterSecret.of("s"), () -> ONE_OTHER)).isNull();
        assertThat(Cluster.secretProblem(ClusterSecret.NONE, () -> {
            throw new ViewUnavailableException("rebalancing", null);
        })).as("Kafka Streams' own state is reported instead").isNull();
    }
}

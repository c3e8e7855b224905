package dev.vigil.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.config.Topics;
import dev.vigil.serde.SerdeFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Pins {@code Topology#describe()}: node and store names become internal topic names (changelog, repartition),
 * so a change here must be deliberate. To accept a new description after reviewing it, run
 * {@code mvn -pl topology test -Dtest=TopologyDescriptionTest -Dvigil.golden.update=true} and commit the file.
 */
class TopologyDescriptionTest {

    private static final Path GOLDEN = Path.of("src/test/resources/topology-description.txt");

    @Test
    void topologyDescriptionMatchesTheReviewedGoldenFile() throws IOException {
        String actual = VigilTopology.build(Topics.defaults(), SerdeFactory.forRegistry("mem://describe"),
                DetectionSettings.defaults(), new TopologyMetrics(new SimpleMeterRegistry())).describe().toString();
        if (Boolean.getBoolean("vigil.golden.update")) {
            Files.writeString(GOLDEN, actual, StandardCharsets.UTF_8);
        }
        assertThat(GOLDEN).as("golden file %s is missing; create it with -Dvigil.golden.update=true", GOLDEN).exists();
        String expected = Files.readString(GOLDEN, StandardCharsets.UTF_8);
        assertThat(actual)
                .as("The topology changed. Node and store names are part of the internal topic names, so renaming "
                        + "one loses state or strands a repartition topic. If the change is intended, regenerate with "
                        + "`mvn -pl topology test -Dtest=TopologyDescriptionTest -Dvigil.golden.update=true`, "
                        + "review the diff of %s and commit it.", GOLDEN)
                .isEqualTo(expected);
    }
}

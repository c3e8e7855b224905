package dev.vigil.bench;

import dev.vigil.core.config.Topics;
import java.nio.file.Path;

/**
 * Everything a topology needs to run in one benchmark run.
 *
 * @param applicationId a fresh Kafka Streams application id, i.e. consumer group, for this run
 * @param stateDir      an empty state directory, deleted after the run
 */
record RunSetup(String bootstrapServers, Topics topics, String registryUrl, String applicationId, Path stateDir,
                int partitions, int threads) {
}

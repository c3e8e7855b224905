package dev.vigil.core.kafka;

import dev.vigil.core.config.Topics;
import dev.vigil.core.kafka.TopicChecks.ObservedTopic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates Vigil's topics explicitly (DESIGN.md: never by broker auto-creation) and refuses to run on existing
 * topics that would break it. Safe to call from every app instance at every start: creating a topic that
 * another instance just created is not an error.
 */
public final class TopicBootstrap {

    private static final Logger LOG = LoggerFactory.getLogger(TopicBootstrap.class);
    private static final Duration RETRY_BACKOFF = Duration.ofMillis(100);

    private TopicBootstrap() {
    }

    /**
     * Creates the missing topics and checks the existing ones. The events topic comes first; a missing topic
     * keyed by agentId then gets the events topic's actual partition count, so it is co-partitioned with it even
     * when the events topic existed before with another count; other missing topics get {@code partitions}.
     *
     * @return the names of the topics this call created
     * @throws TopicMisconfiguredException if an existing topic is not compacted where it must be, or a topic
     *                                     keyed by agentId has a different partition count than the events topic
     * @throws TimeoutException            if the cluster did not answer within {@code timeout}
     */
    public static Set<String> ensure(Admin admin, Topics topics, int partitions, short replication, Duration timeout) {
        Deadline deadline = new Deadline(timeout);
        List<TopicSpec> specs = TopicSpecs.of(topics);
        Set<String> existing = deadline.await(admin.listTopics().names(), "list topics");
        Set<String> created = new LinkedHashSet<>();
        TopicSpec eventsSpec = specs.get(0);
        if (!existing.contains(eventsSpec.name())) {
            created.addAll(create(admin, List.of(eventsSpec.newTopic(partitions, replication)), deadline));
        }
        int eventsPartitions = created.contains(eventsSpec.name())
                ? partitions
                : describe(admin, Set.of(eventsSpec.name()), deadline).get(eventsSpec.name()).partitions().size();
        List<NewTopic> missing = specs.stream()
                .filter(spec -> spec != eventsSpec && !existing.contains(spec.name()))
                .map(spec -> spec.newTopic(spec.coPartitioned() ? eventsPartitions : partitions, replication))
                .toList();
        created.addAll(create(admin, missing, deadline));
        Set<String> names = new LinkedHashSet<>();
        specs.forEach(spec -> names.add(spec.name()));
        List<String> problems = TopicChecks.problems(specs, observe(admin, names, deadline), topics.events());
        if (!problems.isEmpty()) {
            throw new TopicMisconfiguredException(problems);
        }
        return created;
    }

    private static Set<String> create(Admin admin, List<NewTopic> topics, Deadline deadline) {
        if (topics.isEmpty()) {
            return Set.of();
        }
        CreateTopicsResult result = admin.createTopics(topics);
        Set<String> created = new LinkedHashSet<>();
        for (NewTopic topic : topics) {
            try {
                deadline.awaitRaw(result.values().get(topic.name()));
                created.add(topic.name());
                LOG.info("Created topic {} ({} partitions, replication {}, {})", topic.name(), topic.numPartitions(),
                        topic.replicationFactor(), topic.configs());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw deadline.failure("create topic " + topic.name(), e);
                }
            }
        }
        return created;
    }

    private static Map<String, ObservedTopic> observe(Admin admin, Set<String> names, Deadline deadline) {
        Map<String, TopicDescription> descriptions = describe(admin, names, deadline);
        List<ConfigResource> resources = new ArrayList<>();
        names.forEach(name -> resources.add(new ConfigResource(ConfigResource.Type.TOPIC, name)));
        Map<ConfigResource, Config> configs = deadline.awaitRetrying(() -> admin.describeConfigs(resources).all(),
                "describe the configs of " + names);
        Map<String, ObservedTopic> observed = new HashMap<>();
        configs.forEach((resource, config) -> {
            ConfigEntry policy = config.get(TopicConfig.CLEANUP_POLICY_CONFIG);
            observed.put(resource.name(), new ObservedTopic(descriptions.get(resource.name()).partitions().size(),
                    policy == null ? null : policy.value()));
        });
        return observed;
    }

    private static Map<String, TopicDescription> describe(Admin admin, Set<String> names, Deadline deadline) {
        return deadline.awaitRetrying(() -> admin.describeTopics(names).allTopicNames(), "describe topics " + names);
    }

    /** One time budget shared by every call of {@link #ensure}. */
    private static final class Deadline {
        private final Duration timeout;
        private final long endNanos;

        Deadline(Duration timeout) {
            this.timeout = timeout;
            this.endNanos = System.nanoTime() + timeout.toNanos();
        }

        <T> T await(KafkaFuture<T> future, String what) {
            try {
                return awaitRaw(future);
            } catch (ExecutionException e) {
                throw failure(what, e);
            }
        }

        /**
         * Like {@link #await}, but asks again after a retriable error: a topic just created is known to the
         * controller before every broker's metadata has it.
         */
        <T> T awaitRetrying(Supplier<KafkaFuture<T>> call, String what) {
            while (true) {
                try {
                    return awaitRaw(call.get());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof RetriableException) || System.nanoTime() + RETRY_BACKOFF.toNanos() > endNanos) {
                        throw failure(what, e);
                    }
                    pause();
                }
            }
        }

        private static void pause() {
            try {
                Thread.sleep(RETRY_BACKOFF.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptException(e);
            }
        }

        <T> T awaitRaw(KafkaFuture<T> future) throws ExecutionException {
            try {
                return future.get(Math.max(0, endNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptException(e);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new TimeoutException("Kafka did not answer within " + timeout + " while bootstrapping topics");
            }
        }

        KafkaException failure(String what, ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return new KafkaException("Could not " + what + ": " + cause.getMessage(), cause);
        }
    }
}

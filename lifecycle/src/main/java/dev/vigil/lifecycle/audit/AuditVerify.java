package dev.vigil.lifecycle.audit;

import dev.vigil.core.config.Topics;
import dev.vigil.lifecycle.LifecycleConfig;

/**
 * {@code vigil audit verify}: reads the whole lifecycle topic and checks every tenant's hash chain
 * ({@link ChainLinks#verify()}), or one tenant's. Reads only; commits and writes nothing.
 */
public final class AuditVerify {

    private final LifecycleTopicReader reader;
    private final String topic;

    public AuditVerify(LifecycleTopicReader reader, String topic) {
        this.reader = reader;
        this.topic = topic;
    }

    /** With the lifecycle service's settings: its Kafka cluster, registry and lifecycle topic. */
    public static AuditVerify of(LifecycleConfig config) {
        return new AuditVerify(LifecycleTopicReader.of(config), Topics.from(config).alertEvents());
    }

    public String topic() {
        return topic;
    }

    /** @param tenant only this tenant's events; null for every tenant */
    public AuditReport run(String tenant, LifecycleTopicReader.Listener listener) {
        ChainLinks links = new ChainLinks();
        reader.read(topic, links, t -> tenant == null || tenant.equals(t), listener);
        return links.verify();
    }
}

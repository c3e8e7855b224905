package dev.vigil.lifecycle.audit;

import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tenants' last chained hashes as the lifecycle topic holds them ({@link ChainLinks#heads()}), for
 * {@link ChainingEventWriter}. Each read covers the whole topic; it runs at start and after a write of unknown outcome.
 */
public final class TopicChainHeads implements Supplier<Map<String, String>> {

    private static final Logger LOG = LoggerFactory.getLogger(TopicChainHeads.class);

    private final LifecycleTopicReader reader;
    private final String topic;
    private final Runnable settle;

    /** @param settle run before each read, so that sends still in flight have landed or failed (a producer's flush) */
    public TopicChainHeads(LifecycleTopicReader reader, String topic, Runnable settle) {
        this.reader = reader;
        this.topic = topic;
        this.settle = settle;
    }

    @Override
    public Map<String, String> get() {
        settle.run();
        long started = System.nanoTime();
        ChainLinks links = new ChainLinks();
        reader.read(topic, links, tenant -> true, new LifecycleTopicReader.Listener() { });
        Map<String, String> heads = links.heads();
        LOG.info("Audit chain heads of {} tenants read from {} in {} ms", heads.size(), topic,
                (System.nanoTime() - started) / 1_000_000);
        links.forkedTenants().forEach(tenant -> LOG.warn("The audit chain of tenant {} on {} is forked (more than one "
                + "lifecycle writer?); continuing from its latest end; 'vigil audit verify' names the fork", tenant, topic));
        return heads;
    }
}

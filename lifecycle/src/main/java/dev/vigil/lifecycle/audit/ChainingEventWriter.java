package dev.vigil.lifecycle.audit;

import dev.vigil.avro.AlertLifecycleEvent;
import dev.vigil.lifecycle.command.LifecycleEventWriter;
import dev.vigil.lifecycle.command.WriteFailedException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Puts every lifecycle event it writes on its tenant's audit chain ({@link AuditChain}): the event gets the hash of
 * the tenant's previous chained event as {@code previousHash} and its own {@code hash}, then goes to the wrapped
 * writer. Writes of one tenant are serialized, so each names the one before it.
 *
 * <p>The tenants' last hashes are read from the topic when the writer is made and then kept in memory. That assumes
 * <b>one writing instance per tenant at a time</b>: a second instance writing for the same tenant would not see the
 * first one's events and would fork the chain, which {@code vigil audit verify} reports. Every lifecycle event of the
 * service must go through one instance of this writer for the same reason.
 *
 * <p>A write whose outcome is unknown (Kafka did not confirm it in time) may still land. The tenant's head is then
 * forgotten, and the tenant's next write first reads the heads again ({@code heads} is expected to let in-flight
 * sends settle first), so the chain continues from whatever the topic holds.
 *
 * <p>With several lifecycle instances, one leads writes at a time; when the lead comes to this instance, another
 * may have extended the chains meanwhile, so {@link #resume()} makes the next write read every head again first.
 */
public final class ChainingEventWriter implements LifecycleEventWriter {

    private final LifecycleEventWriter delegate;
    private final Supplier<Map<String, String>> heads;
    private final Map<String, String> last = new ConcurrentHashMap<>();
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final Set<String> unsure = ConcurrentHashMap.newKeySet();
    /** Writes hold it shared; re-reading every head holds it alone, so no write interleaves with a re-read. */
    private final ReadWriteLock headsLock = new ReentrantReadWriteLock();
    private volatile boolean stale;

    /**
     * @param heads each tenant's last chained hash as the topic holds it; read now, and again for a tenant after a
     *              write of unknown outcome
     */
    public ChainingEventWriter(LifecycleEventWriter delegate, Supplier<Map<String, String>> heads) {
        this.delegate = delegate;
        this.heads = heads;
        last.putAll(heads.get());
    }

    /**
     * Forgets every head: the next write first reads them all from the topic again (this instance has just become
     * the one that writes, and another may have written before it).
     */
    public void resume() {
        stale = true;
    }

    @Override
    public void write(AlertLifecycleEvent event) {
        while (true) {
            if (stale) {
                rereadAll();
            }
            headsLock.readLock().lock();
            if (!stale) {
                break;
            }
            headsLock.readLock().unlock();
        }
        try {
            writeLinked(event);
        } finally {
            headsLock.readLock().unlock();
        }
    }

    private void rereadAll() {
        headsLock.writeLock().lock();
        try {
            if (!stale) {
                return;
            }
            Map<String, String> fresh;
            try {
                fresh = heads.get();
            } catch (RuntimeException e) {
                throw new WriteFailedException("could not read the audit chain heads on taking over lifecycle writes: "
                        + e.getMessage(), e, "The audit chain could not be read; nothing was written; try again later");
            }
            last.clear();
            last.putAll(fresh);
            unsure.clear();
            stale = false;
        } finally {
            headsLock.writeLock().unlock();
        }
    }

    private void writeLinked(AlertLifecycleEvent event) {
        String tenant = event.getTenantId();
        ReentrantLock lock = locks.computeIfAbsent(tenant, t -> new ReentrantLock());
        lock.lock();
        try {
            if (unsure.contains(tenant)) {
                reread(tenant);
            }
            AlertLifecycleEvent linked = AuditChain.linked(event, last.get(tenant));
            try {
                delegate.write(linked);
            } catch (WriteFailedException e) {
                unsure.add(tenant);
                throw e;
            }
            last.put(tenant, linked.getHash());
        } finally {
            lock.unlock();
        }
    }

    private void reread(String tenant) {
        String head;
        try {
            head = heads.get().get(tenant);
        } catch (RuntimeException e) {
            throw new WriteFailedException("could not read the audit chain head of tenant " + tenant
                    + " again after a write of unknown outcome: " + e.getMessage(), e,
                    "The audit chain could not be read; nothing was written; try again later");
        }
        if (head == null) {
            last.remove(tenant);
        } else {
            last.put(tenant, head);
        }
        unsure.remove(tenant);
    }
}

package dev.vigil.lifecycle.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.AlertLifecycleEvent;
import dev.vigil.avro.LifecycleAction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChainLinksTest {

    private static final String TOPIC = "vigil.alert-events.v1";
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    private final ChainLinks links = new ChainLinks();
    private int offset;

    @Test
    void anUnbrokenChainIsIntact() {
        List<AlertLifecycleEvent> chain = chain("acme", 4);
        chain.forEach(e -> add(e, 0));

        AuditReport report = links.verify();

        assertThat(report.intact()).isTrue();
        assertThat(report.summary()).isEqualTo("chain intact, 4 events (1 tenant, 0 unchained)");
        assertThat(links.heads()).containsEntry("acme", chain.get(3).getHash()).hasSize(1);
    }

    @Test
    void severalTenantsInterleavedAcrossPartitionsInAnyOrderAreIntact() {
        List<AlertLifecycleEvent> acme = chain("acme", 5);
        List<AlertLifecycleEvent> globex = chain("globex", 3);
        add(acme.get(3), 1);
        add(globex.get(2), 0);
        add(acme.get(0), 0);
        add(globex.get(0), 2);
        add(acme.get(4), 2);
        add(acme.get(1), 1);
        add(globex.get(1), 1);
        add(acme.get(2), 0);

        AuditReport report = links.verify();

        assertThat(report.breaks()).isEmpty();
        assertThat(report.summary()).isEqualTo("chain intact, 8 events (2 tenants, 0 unchained)");
        assertThat(links.heads()).containsEntry("acme", acme.get(4).getHash()).containsEntry("globex", globex.get(2).getHash());
    }

    @Test
    void eventsWithoutAHashAreCountedAsUnchainedNotAsBreaks() {
        chain("acme", 2).forEach(e -> add(e, 0));
        add(event("acme", "cascade-1", "vigil:cascade"), 1);
        add(event("initech", "cascade-2", "vigil:cascade"), 1);

        AuditReport report = links.verify();

        assertThat(report.intact()).isTrue();
        assertThat(report.summary()).isEqualTo("chain intact, 4 events (2 tenants, 2 unchained)");
        assertThat(links.heads()).containsOnlyKeys("acme");
    }

    @Test
    void aChangedEventIsReportedAsTamperedWhereItIs() {
        List<AlertLifecycleEvent> chain = chain("acme", 4);
        chain.set(2, AlertLifecycleEvent.newBuilder(chain.get(2)).setNote("nothing to see").build());
        chain.forEach(e -> add(e, 0));

        AuditReport report = links.verify();

        assertThat(report.breaks()).singleElement().satisfies(b -> {
            assertThat(b.kind()).isEqualTo(ChainBreak.Kind.TAMPERED);
            assertThat(b.tenantId()).isEqualTo("acme");
            assertThat(b.eventId()).isEqualTo("acme-2");
            assertThat(b.at()).isEqualTo(new EventLocation(TOPIC, 0, 2));
            assertThat(b.describe()).isEqualTo("tenant acme: event acme-2 at " + TOPIC + "/0@2: tampered: its hash "
                    + chain.get(2).getHash() + " does not match its content");
        });
        assertThat(report.summary()).isEqualTo("chain broken in 1 of 1 tenant, 4 events (1 tenant, 0 unchained)");
    }

    @Test
    void aTamperedCopyBesideTheOriginalIsReportedAsTamperedNotAsAFork() {
        List<AlertLifecycleEvent> chain = chain("acme", 3);
        chain.forEach(e -> add(e, 0));
        add(AlertLifecycleEvent.newBuilder(chain.get(1)).setNote("rewritten").build(), 1);

        assertThat(links.verify().breaks()).singleElement().satisfies(b -> {
            assertThat(b.kind()).isEqualTo(ChainBreak.Kind.TAMPERED);
            assertThat(b.eventId()).isEqualTo("acme-1");
            assertThat(b.at()).isEqualTo(new EventLocation(TOPIC, 1, 3));
        });
    }

    @Test
    void aDeletedEventLeavesItsSuccessorWithAMissingPredecessor() {
        List<AlertLifecycleEvent> chain = chain("acme", 4);
        chain.remove(1);
        chain.forEach(e -> add(e, 0));

        assertThat(links.verify().breaks()).singleElement().satisfies(b -> {
            assertThat(b.kind()).isEqualTo(ChainBreak.Kind.MISSING_PREDECESSOR);
            assertThat(b.eventId()).isEqualTo("acme-2");
            assertThat(b.detail()).contains("names no event of the tenant");
        });
    }

    @Test
    void aDeletedFirstEventIsAMissingPredecessorOfTheSecond() {
        List<AlertLifecycleEvent> chain = chain("acme", 3);
        add(chain.get(2), 0);
        add(chain.get(1), 1);

        assertThat(links.verify().breaks()).singleElement().satisfies(b -> {
            assertThat(b.kind()).isEqualTo(ChainBreak.Kind.MISSING_PREDECESSOR);
            assertThat(b.eventId()).isEqualTo("acme-1");
        });
    }

    @Test
    void anAlteredAndReHashedEventBreaksTheLinkOfItsSuccessor() {
        List<AlertLifecycleEvent> chain = chain("acme", 3);
        AlertLifecycleEvent forged = AuditChain.linked(
                AlertLifecycleEvent.newBuilder(chain.get(1)).setActor("someone-else").build(), chain.get(0).getHash());
        add(chain.get(0), 0);
        add(forged, 0);
        add(chain.get(2), 0);

        assertThat(links.verify().breaks()).singleElement().satisfies(b -> {
            assertThat(b.kind()).isEqualTo(ChainBreak.Kind.MISSING_PREDECESSOR);
            assertThat(b.eventId()).isEqualTo("acme-2");
        });
    }

    @Test
    void twoEventsClaimingTheSamePredecessorAreAFork() {
        List<AlertLifecycleEvent> chain = chain("acme", 3);
        chain.forEach(e -> add(e, 0));
        AlertLifecycleEvent second = AuditChain.linked(event("acme", "other-writer", "bob"), chain.get(1).getHash());
        add(second, 1);

        assertThat(links.verify().breaks()).singleElement().satisfies(b -> {
            assertThat(b.kind()).isEqualTo(ChainBreak.Kind.FORK);
            assertThat(b.eventId()).isEqualTo("other-writer");
            assertThat(b.detail()).isEqualTo("it and event acme-2 at " + TOPIC + "/0@2 both follow " + chain.get(1).getHash());
        });
    }

    @Test
    void twoFirstEventsAreAForkAtTheStart() {
        add(AuditChain.linked(event("acme", "one", "alice"), null), 0);
        add(AuditChain.linked(event("acme", "two", "bob"), null), 1);

        assertThat(links.verify().breaks()).singleElement().satisfies(b -> {
            assertThat(b.kind()).isEqualTo(ChainBreak.Kind.FORK);
            assertThat(b.detail()).endsWith("both claim to be the tenant's first event");
        });
    }

    @Test
    void theSameEventWrittenTwiceIsAFork() {
        List<AlertLifecycleEvent> chain = chain("acme", 2);
        chain.forEach(e -> add(e, 0));
        add(chain.get(1), 1);

        assertThat(links.verify().breaks()).singleElement().satisfies(b -> {
            assertThat(b.kind()).isEqualTo(ChainBreak.Kind.FORK);
            assertThat(b.detail()).endsWith("(the same event twice)");
        });
    }

    @Test
    void eachBrokenTenantIsReportedOnceAndAnIntactOneNot() {
        List<AlertLifecycleEvent> acme = chain("acme", 3);
        acme.remove(0);
        acme.forEach(e -> add(e, 0));
        chain("globex", 3).forEach(e -> add(e, 1));
        List<AlertLifecycleEvent> initech = chain("initech", 2);
        initech.set(0, AlertLifecycleEvent.newBuilder(initech.get(0)).setActor("x").build());
        initech.forEach(e -> add(e, 2));

        AuditReport report = links.verify();

        assertThat(report.breaks()).extracting(ChainBreak::tenantId, ChainBreak::kind).containsExactly(
                org.assertj.core.groups.Tuple.tuple("acme", ChainBreak.Kind.MISSING_PREDECESSOR),
                org.assertj.core.groups.Tuple.tuple("initech", ChainBreak.Kind.TAMPERED));
        assertThat(report.summary()).startsWith("chain broken in 2 of 3 tenants");
    }

    @Test
    void aForkedChainResumesFromItsLatestEnd() {
        List<AlertLifecycleEvent> chain = chain("acme", 2);
        chain.forEach(e -> add(e, 0));
        AlertLifecycleEvent later = AuditChain.linked(AlertLifecycleEvent.newBuilder(event("acme", "later", "bob"))
                .setOccurredAt(T0.plusSeconds(3600)).build(), chain.get(0).getHash());
        add(later, 1);

        assertThat(links.heads()).containsEntry("acme", later.getHash());
        assertThat(links.forkedTenants()).containsExactly("acme");
    }

    @Test
    void unreadableRecordsAreCountedApart() {
        chain("acme", 1).forEach(e -> add(e, 0));
        links.unreadable(new EventLocation(TOPIC, 1, 9));
        links.unreadable(new EventLocation(TOPIC, 1, 4));

        AuditReport report = links.verify();

        assertThat(report.intact()).isTrue();
        assertThat(report.unreadable()).isEqualTo(2);
        assertThat(report.firstUnreadable()).isEqualTo(new EventLocation(TOPIC, 1, 4));
    }

    private void add(AlertLifecycleEvent event, int partition) {
        links.accept(event, new EventLocation(TOPIC, partition, offset++));
    }

    private static List<AlertLifecycleEvent> chain(String tenant, int length) {
        List<AlertLifecycleEvent> chain = new ArrayList<>();
        String previous = null;
        for (int i = 0; i < length; i++) {
            AlertLifecycleEvent linked = AuditChain.linked(AlertLifecycleEvent.newBuilder(event(tenant, tenant + "-" + i, "alice"))
                    .setOccurredAt(T0.plusSeconds(i)).setAgentId("agent-" + (i % 3)).build(), previous);
            chain.add(linked);
            previous = linked.getHash();
        }
        return chain;
    }

    private static AlertLifecycleEvent event(String tenant, String eventId, String actor) {
        return AlertLifecycleEvent.newBuilder().setEventId(eventId).setAction(LifecycleAction.COMMENT).setAlertId("a-1")
                .setTenantId(tenant).setAgentId("agent-1").setActor(actor).setNote("n").setOccurredAt(T0).build();
    }
}

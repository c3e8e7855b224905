package dev.vigil.topology.detect.sessions;

import dev.vigil.topology.state.SectionType;
import dev.vigil.topology.state.StateReader;
import dev.vigil.topology.state.StateSection;
import dev.vigil.topology.state.StateWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;

/**
 * The grants an agent used recently and the source addresses each was used from, for {@code concurrent_sessions}.
 * A fixed-capacity table, so its bytes are bounded whatever the traffic:
 * <ul>
 *   <li>at most {@value #MAX_GRANTS} grants; a new grant evicts the one whose latest use is oldest;</li>
 *   <li>grants whose latest use is older than the table's newest use by more than the window are dropped, so a
 *       quiet agent carries nothing stale;</li>
 *   <li>at most {@value #MAX_ADDRESSES} addresses per grant, each with its latest use; a further address replaces
 *       the one used longest ago;</li>
 *   <li>a grant id or address longer than {@value #MAX_TEXT} UTF-8 bytes is kept as its SHA-256 (still exact for
 *       equality), so a hostile producer cannot inflate the state with huge strings.</li>
 * </ul>
 * Times are event times in epoch milliseconds, written relative to the newest use. O(MAX_GRANTS + MAX_ADDRESSES)
 * work per use.
 *
 * <p>Format: varint number of grants; if any, zigzag newest use; then per grant: string id, varint number of
 * addresses, per address: string ip, varint (newest use − its latest use). About 12 + 17 × addresses bytes per
 * grant for a short grant id and IPv4 addresses; the ceiling, every string 64 bytes, is 32 × (65 + 5 × 70) ≈ 13 KB.
 */
public final class RecentGrants implements StateSection {

    public static final SectionType<RecentGrants> SECTION =
            new SectionType<>("concurrent_sessions", RecentGrants::new, RecentGrants::read);

    public static final int MAX_GRANTS = 32;
    public static final int MAX_ADDRESSES = 5;
    static final int MAX_TEXT = 64;

    private final List<Grant> grants = new ArrayList<>();

    /**
     * Records that {@code grantId} was used from {@code address} at {@code time}, forgetting grants not used within
     * {@code window} ms of the newest use, and returns the grant's addresses.
     */
    public Grant use(String grantId, String address, long time, long window) {
        String id = compact(grantId);
        Grant grant = find(id);
        if (grant == null) {
            if (grants.size() >= MAX_GRANTS) {
                grants.remove(stalest());
            }
            grant = new Grant(id);
            grants.add(grant);
        }
        grant.use(compact(address), time);
        long horizon = newestUse() - window;
        Grant used = grant;
        grants.removeIf(g -> g != used && g.latestUse() < horizon);
        return grant;
    }

    public List<Grant> grants() {
        return Collections.unmodifiableList(grants);
    }

    @Override
    public void write(StateWriter out) {
        out.writeUnsigned(grants.size());
        if (grants.isEmpty()) {
            return;
        }
        long newest = newestUse();
        out.writeSigned(newest);
        for (Grant grant : grants) {
            out.writeString(grant.id);
            out.writeUnsigned(grant.addresses.size());
            for (Address a : grant.addresses) {
                out.writeString(a.ip());
                out.writeUnsigned(newest - a.lastUse());
            }
        }
    }

    public static RecentGrants read(StateReader in) {
        RecentGrants table = new RecentGrants();
        int count = in.readCount(MAX_GRANTS, "grant");
        if (count == 0) {
            return table;
        }
        long newest = in.readSigned();
        for (int i = 0; i < count; i++) {
            Grant grant = new Grant(in.readString());
            int addresses = in.readCount(MAX_ADDRESSES, "grant address");
            for (int j = 0; j < addresses; j++) {
                String ip = in.readString();
                grant.addresses.add(new Address(ip, newest - in.readUnsigned()));
            }
            table.grants.add(grant);
        }
        return table;
    }

    private Grant find(String id) {
        for (Grant grant : grants) {
            if (grant.id.equals(id)) {
                return grant;
            }
        }
        return null;
    }

    private Grant stalest() {
        Grant stalest = grants.get(0);
        for (Grant grant : grants) {
            if (grant.latestUse() < stalest.latestUse()) {
                stalest = grant;
            }
        }
        return stalest;
    }

    private long newestUse() {
        long newest = Long.MIN_VALUE;
        for (Grant grant : grants) {
            newest = Math.max(newest, grant.latestUse());
        }
        return newest;
    }

    /** The text itself when short, else {@code sha256:} and its base64url digest (50 characters). */
    static String compact(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_TEXT) {
            return text;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "sha256:" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /** One grant and the addresses it was used from, in the order first seen. */
    public static final class Grant {

        private final String id;
        private final List<Address> addresses = new ArrayList<>();

        Grant(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        public List<Address> addresses() {
            return Collections.unmodifiableList(addresses);
        }

        void use(String ip, long time) {
            for (int i = 0; i < addresses.size(); i++) {
                Address a = addresses.get(i);
                if (a.ip().equals(ip)) {
                    addresses.set(i, new Address(ip, Math.max(a.lastUse(), time)));
                    return;
                }
            }
            if (addresses.size() >= MAX_ADDRESSES) {
                int oldest = 0;
                for (int i = 1; i < addresses.size(); i++) {
                    if (addresses.get(i).lastUse() < addresses.get(oldest).lastUse()) {
                        oldest = i;
                    }
                }
                addresses.remove(oldest);
            }
            addresses.add(new Address(ip, time));
        }

        long latestUse() {
            long latest = Long.MIN_VALUE;
            for (Address a : addresses) {
                latest = Math.max(latest, a.lastUse());
            }
            return latest;
        }
    }

    /** A source address and its latest use of the grant (event time, epoch ms). */
    public record Address(String ip, long lastUse) {
    }
}

package dev.vigil.topology.state;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The credentials an agent used recently and the source addresses each came from: token ids (JWT {@code jti}) for
 * {@code token_replay} (a field of {@link AgentState}, written by {@link AgentStateSerde}) and grant ids for
 * {@code concurrent_sessions} (a {@link StateSection} of that detector, written by {@link #write}). A fixed-capacity
 * table, so its bytes are bounded whatever the traffic:
 * <ul>
 *   <li>at most {@value #MAX_TOKENS} tokens; a new token evicts the one whose latest use is oldest, so a token
 *       last used more than {@value #MAX_TOKENS} distinct tokens ago is forgotten and its replay goes unseen;</li>
 *   <li>tokens whose latest use is older than the table's newest use by more than the window are dropped, so a
 *       quiet agent carries nothing stale;</li>
 *   <li>at most {@value #MAX_ADDRESSES} addresses per token (the first and 4 others), each with its latest use;
 *       a further address replaces the one used longest ago (the token has long been reported by then);</li>
 *   <li>a token id or address longer than {@value #MAX_TEXT} UTF-8 bytes is kept as its SHA-256 (still exact for
 *       equality), so a hostile producer cannot inflate the state with huge strings.</li>
 * </ul>
 * Times are event times in epoch milliseconds. O(MAX_TOKENS + MAX_ADDRESSES) work per use.
 */
public final class RecentTokens implements StateSection {

    public static final int MAX_TOKENS = 32;
    public static final int MAX_ADDRESSES = 5;
    static final int MAX_TEXT = 64;

    private final List<Token> tokens;

    public RecentTokens() {
        this.tokens = new ArrayList<>();
    }

    RecentTokens(List<Token> tokens) {
        this.tokens = new ArrayList<>(tokens);
    }

    /**
     * Records that {@code jti} was used from {@code address} at {@code time}, forgetting tokens not used within
     * {@code window} of the newest use, and returns the token's addresses.
     */
    public Token use(String jti, String address, long time, long window) {
        String id = compact(jti);
        String ip = compact(address);
        Token token = find(id);
        if (token == null) {
            if (tokens.size() >= MAX_TOKENS) {
                tokens.remove(oldest());
            }
            token = new Token(id, new ArrayList<>());
            tokens.add(token);
        }
        token.use(ip, time);
        long newest = time;
        for (Token t : tokens) {
            newest = Math.max(newest, t.latestUse());
        }
        long horizon = newest - window;
        tokens.removeIf(t -> t.latestUse() < horizon && !t.id().equals(id));
        return token;
    }

    public List<Token> tokens() {
        return Collections.unmodifiableList(tokens);
    }

    boolean isEmpty() {
        return tokens.isEmpty();
    }

    private Token find(String id) {
        for (Token token : tokens) {
            if (token.id().equals(id)) {
                return token;
            }
        }
        return null;
    }

    private Token oldest() {
        Token oldest = tokens.get(0);
        for (Token token : tokens) {
            if (token.latestUse() < oldest.latestUse()) {
                oldest = token;
            }
        }
        return oldest;
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

    /**
     * The addresses of the fullest window of {@code window} ms that holds {@code time}, anchored on each remembered
     * use: at most MAX_ADDRESSES² comparisons.
     */
    public static List<Address> fullestWindow(List<Address> addresses, long time, long window) {
        List<Address> best = List.of();
        for (Address anchor : addresses) {
            long from = anchor.lastUse();
            if (from > time || time - from > window) {
                continue;
            }
            List<Address> inside = new ArrayList<>();
            for (Address a : addresses) {
                if (a.lastUse() >= from && a.lastUse() - from <= window) {
                    inside.add(a);
                }
            }
            if (inside.size() > best.size()) {
                best = inside;
            }
        }
        return best;
    }

    /**
     * The table as a detector section: varint number of entries; if any, zigzag newest use; then per entry: string id,
     * varint number of addresses, per address: string ip, varint (newest use − its latest use). About 12 + 17 ×
     * addresses bytes per entry for a short id and IPv4 addresses; the ceiling, every string 64 bytes, is
     * 32 × (65 + 5 × 70) ≈ 13 KB.
     */
    @Override
    public void write(StateWriter out) {
        out.writeUnsigned(tokens.size());
        if (tokens.isEmpty()) {
            return;
        }
        long newest = Long.MIN_VALUE;
        for (Token token : tokens) {
            newest = Math.max(newest, token.latestUse());
        }
        out.writeSigned(newest);
        for (Token token : tokens) {
            out.writeString(token.id());
            out.writeUnsigned(token.addresses().size());
            for (Address a : token.addresses()) {
                out.writeString(a.ip());
                out.writeUnsigned(newest - a.lastUse());
            }
        }
    }

    /** Reads what {@link #write} wrote. */
    public static RecentTokens read(StateReader in) {
        int count = in.readCount(MAX_TOKENS, "recent credential");
        List<Token> tokens = new ArrayList<>(count);
        if (count > 0) {
            long newest = in.readSigned();
            for (int i = 0; i < count; i++) {
                String id = in.readString();
                int addresses = in.readCount(MAX_ADDRESSES, "credential address");
                List<Address> list = new ArrayList<>(addresses);
                for (int j = 0; j < addresses; j++) {
                    String ip = in.readString();
                    list.add(new Address(ip, newest - in.readUnsigned()));
                }
                tokens.add(new Token(id, list));
            }
        }
        return new RecentTokens(tokens);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecentTokens r && tokens.equals(r.tokens);
    }

    @Override
    public int hashCode() {
        return tokens.hashCode();
    }

    @Override
    public String toString() {
        return "RecentTokens" + tokens;
    }

    /** One token and the addresses it was used from, in the order first seen. */
    public record Token(String id, List<Address> addresses) {

        public Token {
            Objects.requireNonNull(id, "id");
            addresses = new ArrayList<>(addresses);
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

        @Override
        public List<Address> addresses() {
            return Collections.unmodifiableList(addresses);
        }
    }

    /** A source address and its latest use of the token (event time, epoch ms). */
    public record Address(String ip, long lastUse) {

        public Address {
            Objects.requireNonNull(ip, "ip");
        }
    }
}

package dev.vigil.lifecycle.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The API keys the lifecycle service accepts. A key is {@code vk_<keyId>_<secret>}: the id (8 hex characters) is how
 * the service finds the key's entry, the secret (32 random bytes, base64url) is what proves it. The service holds only
 * each key's SHA-256 — keys are random and long, so a fast hash is as strong as a slow one — in entries of
 * {@code vigil.lifecycle.api-keys}, {@code keyId:tenant:role:sha256hex[:name]}; a presented key is hashed and compared
 * with the stored hash in constant time ({@link MessageDigest#isEqual}). {@code vigil lifecycle create-key} prints a new
 * key once, with its entry.
 */
public final class ApiKeys {

    private static final Pattern KEY = Pattern.compile("vk_([0-9a-f]{8})_([A-Za-z0-9_-]{43})");
    private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{8}");
    private static final Pattern TENANT = Pattern.compile("\\*|[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}");
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9@._ -]{1,100}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private record Entry(Principal principal, byte[] hash) {
    }

    private final Map<String, Entry> byId;

    private ApiKeys(Map<String, Entry> byId) {
        this.byId = byId;
    }

    /**
     * The keys of configuration entries; an {@link IllegalArgumentException} names the entry's position and the part
     * that is wrong (never a hash).
     */
    public static ApiKeys of(List<String> entries) {
        Map<String, Entry> byId = new LinkedHashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            String[] parts = entries.get(i).trim().split(":", 5);
            String where = "entry " + (i + 1);
            if (parts.length < 4) {
                throw new IllegalArgumentException(where + " must be keyId:tenant:role:sha256hex[:name]");
            }
            if (!KEY_ID.matcher(parts[0]).matches()) {
                throw new IllegalArgumentException(where + ": the key id must be 8 lower-case hex characters");
            }
            if (!TENANT.matcher(parts[1]).matches()) {
                throw new IllegalArgumentException(where + ": the tenant must be * or a tenant id");
            }
            Role role = Role.parse(parts[2]);
            if (!HASH.matcher(parts[3]).matches()) {
                throw new IllegalArgumentException(where + ": the hash must be 64 lower-case hex characters (SHA-256)");
            }
            String name = parts.length == 5 ? parts[4] : null;
            if (name != null && !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(where + ": the name must be 1-100 letters, digits, '@', '.', '_', '-' or spaces");
            }
            if (byId.put(parts[0], new Entry(new Principal(parts[0], parts[1], role, name), HexFormat.of().parseHex(parts[3]))) != null) {
                throw new IllegalArgumentException(where + ": key id " + parts[0] + " appears twice");
            }
        }
        return new ApiKeys(byId);
    }

    public boolean isEmpty() {
        return byId.isEmpty();
    }

    /** The principal of a presented key, or empty when it is malformed, unknown or wrong. */
    public Optional<Principal> authenticate(String presented) {
        if (presented == null) {
            return Optional.empty();
        }
        var m = KEY.matcher(presented.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        Entry entry = byId.get(m.group(1));
        byte[] hash = sha256(presented.trim());
        byte[] expected = entry == null ? new byte[hash.length] : entry.hash();
        boolean same = MessageDigest.isEqual(hash, expected);
        return entry != null && same ? Optional.of(entry.principal()) : Optional.empty();
    }

    /** A new key and its configuration entry. */
    public record Created(String key, String entry) {
    }

    public static Created create(String tenant, Role role, String name) {
        byte[] id = new byte[4];
        byte[] secret = new byte[32];
        RANDOM.nextBytes(id);
        RANDOM.nextBytes(secret);
        String keyId = HexFormat.of().formatHex(id);
        String key = "vk_" + keyId + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        String entry = keyId + ":" + tenant + ":" + role.text() + ":" + HexFormat.of().formatHex(sha256(key))
                + (name == null ? "" : ":" + name);
        of(List.of(entry));
        return new Created(key, entry);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

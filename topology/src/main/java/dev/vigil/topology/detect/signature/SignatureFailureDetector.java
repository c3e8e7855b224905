package dev.vigil.topology.detect.signature;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.ReceiptPayload;
import dev.vigil.avro.Severity;
import dev.vigil.receipt.Ed25519Keys;
import dev.vigil.receipt.ReceiptSignatures;
import dev.vigil.topology.detect.DetectionContext;
import dev.vigil.topology.detect.Detector;
import dev.vigil.topology.detect.Finding;
import dev.vigil.topology.detect.Param;
import dev.vigil.topology.detect.Rule;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.security.PublicKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * {@code signature_failure} — a receipt whose spend figures cannot be trusted. Critical from the first event, for
 * any of:
 * <ul>
 *   <li><b>bad signature</b>: its Ed25519 signature (base64url, over the RFC 8785 canonical JSON of the event
 *       without {@code signature}, {@link dev.vigil.receipt.ReceiptCanonicalForm}) does not verify under the
 *       profile's {@code publicKeys[keyId]} — a figure changed after signing, or a signature that is not one
 *       (malformed base64, wrong length);</li>
 *   <li><b>unknown key</b>: it is signed, but its {@code keyId} is missing or not among the profile's
 *       {@code publicKeys} (an agent that declares no keys knows none);</li>
 *   <li><b>invalid key</b>: the profile's key for its {@code keyId} is not a raw 32-byte Ed25519 key, so nothing
 *       signed with it can be verified;</li>
 *   <li><b>unsigned</b>: it carries no signature while the profile declares {@code publicKeys} — an agent whose
 *       receipts are signed has no honest reason to send one unsigned, and a forger would simply drop the
 *       signature. Turn this off per agent with {@code require-signature=false} (a proxy that signs only some
 *       receipts). An agent that declares no keys and sends an unsigned receipt is quiet: it never opted in.</li>
 * </ul>
 * An event with a signature is verified whatever its age (late events too; verification does not depend on
 * other events).
 *
 * <p>State: none per agent (0 bytes). Each detector instance (one per stream task) caches up to
 * {@value #KEY_CACHE_SIZE} decoded public keys by their text, least recently used first out, so an agent's key is
 * decoded once, a rotated key is simply a new entry, and a malformed key is remembered as such.
 *
 * <p>Attack: ATT&amp;CK T1565.002 (Data Manipulation: Transmitted Data Manipulation). Receipts are data in
 * transit from the LLM proxy to whoever pays; a receipt that fails its signature was altered on the way (a cost
 * lowered to hide spend, raised to bill someone) or made up by a party without the key — the signature is the
 * control that makes such manipulation visible.
 */
public final class SignatureFailureDetector implements Detector {

    public static final Rule RULE = new Rule("signature_failure", "Receipt signature failure", "integrity", "T1565.002");

    public static final Param<Boolean> REQUIRE_SIGNATURE = Param.flag(RULE.id(), "require-signature", true,
            "an unsigned receipt from an agent whose profile declares publicKeys is a failure.");

    static final int KEY_CACHE_SIZE = 256;
    private static final int KEYS_NAMED = 5;
    private static final int SHOWN_LENGTH = 64;

    private final Map<String, Optional<PublicKey>> keys = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Optional<PublicKey>> eldest) {
            return size() > KEY_CACHE_SIZE;
        }
    };

    @Override
    public Rule rule() {
        return RULE;
    }

    @Override
    public List<Param<?>> parameters() {
        return List.of(REQUIRE_SIGNATURE);
    }

    @Override
    public Optional<Finding> onEvent(DetectionContext context, AgentEvent event) {
        if (context.profile() == null || !(event.getPayload() instanceof ReceiptPayload receipt)) {
            return Optional.empty();
        }
        Map<String, String> declared = context.profile().getPublicKeys();
        String keyId = receipt.getKeyId();
        if (receipt.getSignature() == null) {
            if (declared.isEmpty() || !context.param(REQUIRE_SIGNATURE)) {
                return Optional.empty();
            }
            return Optional.of(finding(event, receipt, declared, "is unsigned, but the profile declares signing keys ("
                    + keyList(declared) + ")", "Find why receipts arrive unsigned (a producer bypassing the signing "
                    + "proxy, or its misconfiguration) and treat their spend figures as untrusted"));
        }
        if (keyId == null || !declared.containsKey(keyId)) {
            String which = keyId == null ? "names no signing key (keyId is missing)" : "is signed with key " + shown(keyId);
            String known = declared.isEmpty() ? "the profile declares no keys" : "the profile declares " + keyList(declared);
            return Optional.of(finding(event, receipt, declared, which + ", which is unknown: " + known,
                    "Treat the receipt's spend figures as untrusted; find who signs with an undeclared key, and add "
                            + "the key to the profile only if it is the agent's own new key"));
        }
        Optional<PublicKey> key = keys.computeIfAbsent(declared.get(keyId), SignatureFailureDetector::decode);
        if (key.isEmpty()) {
            return Optional.of(finding(event, receipt, declared, "cannot be verified: the profile's key " + keyId
                    + " is not a raw 32-byte Ed25519 public key", "Fix publicKeys[" + keyId + "] in the agent's "
                    + "profile (base64url, no padding, 32 bytes); until then treat its receipts as untrusted"));
        }
        if (ReceiptSignatures.verify(event, key.get())) {
            return Optional.empty();
        }
        return Optional.of(finding(event, receipt, declared, "carries a signature that does not verify under key "
                + keyId + ": it was changed after signing or signed by someone else", "Quarantine receipt "
                + shown(receipt.getReceiptId()) + " and treat its spend figures as untrusted; check the proxy that issued it "
                + "and rotate key " + keyId + " if it may have leaked"));
    }

    private static Optional<PublicKey> decode(String base64Url) {
        try {
            return Optional.of(Ed25519Keys.decodePublic(base64Url));
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }

    private static Finding finding(AgentEvent event, ReceiptPayload receipt, Map<String, String> declared,
                                   String problem, String action) {
        BigDecimal cost = receipt.getCostUsd();
        String description = "receipt " + shown(receipt.getReceiptId()) + " ($" + exact(cost) + ", "
                + shown(receipt.getProvider()) + " " + shown(receipt.getModel()) + ") " + problem;
        Map<String, String> observed = new LinkedHashMap<>();
        observed.put("cost_usd", exact(cost));
        observed.put("input_tokens", Long.toString(receipt.getInputTokens()));
        observed.put("output_tokens", Long.toString(receipt.getOutputTokens()));
        Map<String, String> baseline = Map.of("declared_keys", Integer.toString(declared.size()));
        return Finding.violation(Severity.critical, description, observed, baseline, event.getOccurredAt(), action);
    }

    /** The declared key ids, sorted, at most {@value #KEYS_NAMED} named. */
    private static String keyList(Map<String, String> declared) {
        TreeSet<String> ids = new TreeSet<>(declared.keySet());
        List<String> named = ids.stream().limit(KEYS_NAMED).map(SignatureFailureDetector::shown).toList();
        String more = ids.size() > KEYS_NAMED ? " and " + (ids.size() - KEYS_NAMED) + " more" : "";
        return String.join(", ", named) + more;
    }

    /** Producer text as shown in an alert: at most {@value #SHOWN_LENGTH} characters, so a hostile id cannot bloat it. */
    static String shown(String text) {
        return text.length() <= SHOWN_LENGTH ? text : text.substring(0, SHOWN_LENGTH) + "…";
    }

    private static String exact(BigDecimal dollars) {
        BigDecimal stripped = dollars.stripTrailingZeros();
        return (stripped.scale() < 2 ? stripped.setScale(2, RoundingMode.UNNECESSARY) : stripped).toPlainString();
    }
}

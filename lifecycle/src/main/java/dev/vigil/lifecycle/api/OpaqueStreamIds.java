package dev.vigil.lifecycle.api;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.OptionalLong;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * The event ids a tenant's key sees on the live stream. The journal numbers the events of every tenant in one
 * sequence, so plain ids would let a tenant count the other tenants' events between two of its own. A tenant's
 * client gets instead {@code t} + base64url (no padding) of one AES block holding the sequence number and a check
 * value, under a key drawn at random when the service starts: the ids carry no order or count a client can read,
 * yet the service reads them back for {@code Last-Event-ID} resume. An id that does not decrypt to a valid block (from
 * another run, another instance, or made up) is "not an id of this stream". Operator keys keep the plain ids.
 */
final class OpaqueStreamIds {

    private static final long CHECK = 0x5649_4749_4c53_5345L;   // "VIGILSSE"
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final int TOKEN_LENGTH = 1 + 22;

    private final SecretKeySpec key;

    OpaqueStreamIds() {
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, "AES");
    }

    /** The opaque id of the journal entry {@code seq}. */
    String encode(long seq) {
        byte[] block = ByteBuffer.allocate(16).putLong(seq).putLong(CHECK).array();
        return "t" + ENCODER.encodeToString(cipher(Cipher.ENCRYPT_MODE).update(block));
    }

    /** The journal sequence number of an opaque id, or empty when it is not one this service issued. */
    OptionalLong decode(String id) {
        if (id == null || id.length() != TOKEN_LENGTH || id.charAt(0) != 't') {
            return OptionalLong.empty();
        }
        byte[] bytes;
        try {
            bytes = DECODER.decode(id.substring(1));
        } catch (IllegalArgumentException notBase64) {
            return OptionalLong.empty();
        }
        if (bytes.length != 16) {
            return OptionalLong.empty();
        }
        ByteBuffer plain = ByteBuffer.wrap(cipher(Cipher.DECRYPT_MODE).update(bytes));
        long seq = plain.getLong();
        return plain.getLong() == CHECK && seq >= 0 ? OptionalLong.of(seq) : OptionalLong.empty();
    }

    private Cipher cipher(int mode) {
        try {
            // One 16-byte block of a unique counter: ECB is a keyed permutation of it, which is all an id needs.
            Cipher cipher = Cipher.getInstance("AES/ECB/NoPadding");
            cipher.init(mode, key);
            return cipher;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java platform has AES", e);
        }
    }
}

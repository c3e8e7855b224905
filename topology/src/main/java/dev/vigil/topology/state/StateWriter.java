package dev.vigil.topology.state;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Compact binary writing for the state serde: LEB128 varints, zig-zag for signed values, length-prefixed UTF-8. */
final class StateWriter {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(128);

    void writeByte(int value) {
        out.write(value);
    }

    void writeUnsigned(long value) {
        long v = value;
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    void writeSigned(long value) {
        writeUnsigned((value << 1) ^ (value >> 63));
    }

    void writeString(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        writeUnsigned(bytes.length);
        out.writeBytes(bytes);
    }

    /** A string that may be null: its length plus one, zero for null. */
    void writeNullableString(String value) {
        if (value == null) {
            writeUnsigned(0);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        writeUnsigned(bytes.length + 1L);
        out.writeBytes(bytes);
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }
}

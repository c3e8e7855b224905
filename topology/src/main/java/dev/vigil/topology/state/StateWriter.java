package dev.vigil.topology.state;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Compact binary writing for the state serde and detector state sections: LEB128 varints, zig-zag for signed values, length-prefixed UTF-8. */
public final class StateWriter {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(128);

    public void writeByte(int value) {
        out.write(value);
    }

    public void writeUnsigned(long value) {
        long v = value;
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    public void writeSigned(long value) {
        writeUnsigned((value << 1) ^ (value >> 63));
    }

    public void writeString(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        writeUnsigned(bytes.length);
        out.writeBytes(bytes);
    }

    /** A string that may be null: its length plus one, zero for null. */
    public void writeNullableString(String value) {
        if (value == null) {
            writeUnsigned(0);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        writeUnsigned(bytes.length + 1L);
        out.writeBytes(bytes);
    }

    /** A double as its 8 IEEE 754 bytes (exact: a baseline restored from the changelog is the one written). */
    public void writeDouble(double value) {
        long bits = Double.doubleToLongBits(value);
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) (bits >>> shift) & 0xFF);
        }
    }

    /** Length-prefixed raw bytes. */
    public void writeBytes(byte[] value) {
        writeUnsigned(value.length);
        out.writeBytes(value);
    }

    public byte[] toByteArray() {
        return out.toByteArray();
    }
}

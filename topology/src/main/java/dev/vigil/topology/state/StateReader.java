package dev.vigil.topology.state;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;

/** Reads what {@link StateWriter} wrote; any inconsistency is a {@link SerializationException} saying where. */
public final class StateReader {

    private final byte[] bytes;
    private int position;

    public StateReader(byte[] bytes) {
        this.bytes = bytes;
    }

    public int readByte() {
        require(1);
        return bytes[position++] & 0xFF;
    }

    public long readUnsigned() {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = readByte();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw corrupt("varint longer than 10 bytes");
    }

    public long readSigned() {
        long raw = readUnsigned();
        return (raw >>> 1) ^ -(raw & 1);
    }

    public int readCount(int max, String what) {
        long count = readUnsigned();
        if (count < 0 || count > max) {
            throw corrupt(what + " count " + count + " is out of range 0.." + max);
        }
        return (int) count;
    }

    public String readString() {
        int length = readCount(bytes.length - position, "string length");
        String value = new String(bytes, position, length, StandardCharsets.UTF_8);
        position += length;
        return value;
    }

    public String readNullableString() {
        long lengthPlusOne = readUnsigned();
        if (lengthPlusOne == 0) {
            return null;
        }
        long length = lengthPlusOne - 1;
        if (length > bytes.length - position) {
            throw corrupt("string of " + length + " bytes runs past the end");
        }
        String value = new String(bytes, position, (int) length, StandardCharsets.UTF_8);
        position += (int) length;
        return value;
    }

    public double readDouble() {
        require(8);
        long bits = 0;
        for (int i = 0; i < 8; i++) {
            bits = (bits << 8) | (bytes[position++] & 0xFF);
        }
        return Double.longBitsToDouble(bits);
    }

    public byte[] readBytes() {
        int length = readCount(bytes.length - position, "byte string length");
        byte[] value = java.util.Arrays.copyOfRange(bytes, position, position + length);
        position += length;
        return value;
    }

    public void expectEnd() {
        if (position != bytes.length) {
            throw corrupt((bytes.length - position) + " unexpected trailing bytes");
        }
    }

    public SerializationException corrupt(String problem) {
        return new SerializationException("Corrupt agent state at byte " + position + " of " + bytes.length + ": " + problem);
    }

    private void require(int n) {
        if (bytes.length - position < n) {
            throw corrupt("truncated");
        }
    }
}

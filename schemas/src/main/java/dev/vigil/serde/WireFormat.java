package dev.vigil.serde;

/** The Confluent Schema Registry wire format: magic byte 0, a 4-byte big-endian schema id, then Avro binary. */
final class WireFormat {

    static final byte MAGIC_BYTE = 0;
    static final int HEADER_LENGTH = 5;

    private WireFormat() {
    }
}

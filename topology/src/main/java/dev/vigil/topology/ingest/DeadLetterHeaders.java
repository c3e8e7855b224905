package dev.vigil.topology.ingest;

/** Names of the headers a DLQ record carries next to the original headers (DESIGN.md: reason in headers). */
public final class DeadLetterHeaders {

    /** One human sentence saying why the record was not processed. */
    public static final String REASON = "vigil.error.reason";
    /** The class of the error, e.g. {@code org.apache.kafka.common.errors.SerializationException}. */
    public static final String ERROR_CLASS = "vigil.error.class";
    public static final String SOURCE_TOPIC = "vigil.error.source.topic";
    /** Decimal text. */
    public static final String SOURCE_PARTITION = "vigil.error.source.partition";
    /** Decimal text. */
    public static final String SOURCE_OFFSET = "vigil.error.source.offset";

    private DeadLetterHeaders() {
    }
}

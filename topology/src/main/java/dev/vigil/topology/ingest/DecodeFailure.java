package dev.vigil.topology.ingest;

/**
 * Why a record could not be used.
 *
 * @param code       a short, bounded reason code, used as a metric tag ({@code tombstone}, {@code undecodable},
 *                   {@code invalid})
 * @param reason     one human sentence for the operator, written to the DLQ header {@code vigil.error.reason}
 * @param errorClass the class of the error, written to the DLQ header {@code vigil.error.class}
 */
public record DecodeFailure(String code, String reason, String errorClass) {

    public static final String TOMBSTONE = "tombstone";
    public static final String UNDECODABLE = "undecodable";
    public static final String INVALID = "invalid";
}

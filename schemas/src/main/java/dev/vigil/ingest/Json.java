package dev.vigil.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The one Jackson configuration of Vigil's JSON contracts. Numbers are read as exact decimals with their
 * trailing zeros, never as binary floats (money); a duplicated key is an error, not "last one wins", so a signed
 * receipt cannot be read differently by two parsers; trailing content after the object is an error; decimals are
 * written in plain notation, never {@code 1E-7}.
 */
final class Json {

    static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private static final int SHOWN_VALUE_LENGTH = 80;

    private Json() {
    }

    /** Parses one JSON object; anything else is an {@link IngestException} without a field. */
    static ObjectNode parseObject(String text) {
        if (text == null) {
            throw new IngestException(null, "not valid JSON: no text");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at column " + e.getLocation().getColumnNr();
            throw new IngestException(null, "not valid JSON" + where + ": " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new IngestException(null, "not a JSON object: " + show(node));
        }
        return (ObjectNode) node;
    }

    /** Compact JSON text; the field order is the node's insertion order, so equal nodes give equal bytes. */
    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree", e);
        }
    }

    /** A value as it appeared (JSON text), shortened, for error messages. */
    static String show(JsonNode node) {
        String text = node == null || node.isMissingNode() ? "nothing" : node.toString();
        return text.length() <= SHOWN_VALUE_LENGTH ? text : text.substring(0, SHOWN_VALUE_LENGTH) + "…";
    }
}

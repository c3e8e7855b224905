package dev.vigil.avro;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Holds every schema BACKWARD compatible with the last released one (src/test/resources/released/0.1.0): a
 * consumer built from today's schemas must read every record written with the released ones, which are still in
 * the topics. On a release, copy src/main/avro to a new released/VERSION folder and point {@link AvscFiles} at it.
 */
class SchemaCompatibilityTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Schema> CURRENT = AvscFiles.parse(AvscFiles.CURRENT);
    private static final Map<String, Schema> RELEASED = AvscFiles.parse(AvscFiles.RELEASED);

    static List<String> releasedSchemas() {
        return List.copyOf(RELEASED.keySet());
    }

    @Test
    void everyReleasedSchemaStillExists() {
        assertThat(CURRENT.keySet()).containsAll(RELEASED.keySet());
        assertThat(RELEASED).hasSize(10);
    }

    @ParameterizedTest
    @MethodSource("releasedSchemas")
    void theCurrentSchemaReadsWhatTheReleasedOneWrote(String name) {
        assertThat(incompatibilities(CURRENT.get(name), RELEASED.get(name)))
                .as("%s is not BACKWARD compatible with release 0.1.0", name)
                .isEmpty();
    }

    @Test
    void theGuardCatchesANewFieldWithoutADefault() throws IOException {
        ObjectNode alert = released("Alert");
        ((ArrayNode) alert.get("fields")).addObject().put("name", "confidence").put("type", "double");

        assertThat(incompatibilities(parse(alert), RELEASED.get("Alert")))
                .singleElement().asString().contains("READER_FIELD_MISSING_DEFAULT", "confidence");
        assertThat(incompatibilities(parse(alert), RELEASED.get("Alert"))).singleElement().asString().startsWith("READER_FIELD_MISSING_DEFAULT_VALUE at Alert.confidence (/fields/24)");
    }

    @Test
    void theGuardCatchesARemovedEnumSymbolWithoutADefault() throws IOException {
        ObjectNode profile = released("AgentProfile");
        ObjectNode window = (ObjectNode) field(profile, "operatingWindow").get("type").get(1);
        ArrayNode symbols = (ArrayNode) field(window, "days").get("type").get("items").get("symbols");
        symbols.remove(symbols.size() - 1);

        // The record sits in a ["null", OperatingWindow] union, so Avro reports the union branch that no longer matches.
        assertThat(incompatibilities(parse(profile), RELEASED.get("AgentProfile")))
                .singleElement().asString().contains("AgentProfile.operatingWindow");
        assertThat(incompatibilities(parse(window), parse(released("AgentProfile")).getField("operatingWindow").schema().getTypes().get(1)))
                .singleElement().asString().contains("MISSING_ENUM_SYMBOLS", "OperatingWindow.days", "SUN");
    }

    @Test
    void theGuardCatchesAChangedFieldType() throws IOException {
        ObjectNode status = released("AgentStatus");
        field(status, "tenantId").put("type", "int");

        assertThat(incompatibilities(parse(status), RELEASED.get("AgentStatus")))
                .singleElement().asString().contains("TYPE_MISMATCH", "AgentStatus.tenantId");
    }

    @Test
    void aNewFieldWithADefaultPasses() throws IOException {
        ObjectNode alert = released("Alert");
        ((ArrayNode) alert.get("fields")).addObject().put("name", "confidence").putArray("type").add("null").add("double");
        ((ObjectNode) alert.get("fields").get(alert.get("fields").size() - 1)).putNull("default");

        assertThat(incompatibilities(parse(alert), RELEASED.get("Alert"))).isEmpty();
    }

    /** Each incompatibility as one readable line: its type, where, and why. */
    static List<String> incompatibilities(Schema reader, Schema writer) {
        SchemaPairCompatibility result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (result.getType() == SchemaCompatibilityType.COMPATIBLE) {
            return List.of();
        }
        return result.getResult().getIncompatibilities().stream()
                .map(i -> i.getType() + " at " + fieldPath(reader, i.getLocation()) + ": " + i.getMessage())
                .collect(Collectors.toList());
    }

    /** The field names along a JSON-pointer location such as {@code /fields/4/type/1/fields/1/type/items}. */
    static String fieldPath(Schema reader, String location) {
        List<String> steps = List.of(location.replaceFirst("^/", "").split("/"));
        StringBuilder path = new StringBuilder(reader.getName());
        Schema at = reader;
        for (int i = 0; i < steps.size(); i++) {
            String step = steps.get(i);
            if (step.equals("fields") && at.getType() == Schema.Type.RECORD && i + 1 < steps.size()) {
                Schema.Field field = at.getFields().get(Integer.parseInt(steps.get(++i)));
                path.append('.').append(field.name());
                at = field.schema();
            } else if (step.equals("items") && at.getType() == Schema.Type.ARRAY) {
                at = at.getElementType();
            } else if (step.equals("values") && at.getType() == Schema.Type.MAP) {
                at = at.getValueType();
            } else if (step.matches("[0-9]+") && at.getType() == Schema.Type.UNION) {
                at = at.getTypes().get(Integer.parseInt(step));
            }
        }
        return path + " (" + location + ")";
    }

    private static ObjectNode released(String name) throws IOException {
        return (ObjectNode) JSON.readTree(Files.readString(AvscFiles.RELEASED.resolve(name + ".avsc")));
    }

    private static ObjectNode field(ObjectNode record, String name) {
        for (var field : record.get("fields")) {
            if (field.get("name").asText().equals(name)) {
                return (ObjectNode) field;
            }
        }
        throw new IllegalArgumentException(record.get("name") + " has no field " + name);
    }

    private static Schema parse(ObjectNode schema) {
        return AvscFiles.parserWithSharedTypes(AvscFiles.CURRENT).parse(schema.toString());
    }
}

package dev.vigil.avro;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/**
 * Every nullable field (a union with "null") lists "null" first and defaults to null, so a consumer with a newer
 * schema can read records written before the field existed: adding fields later stays BACKWARD compatible.
 */
class SchemaDefaultsTest {

    @Test
    void everyNullableFieldOfEveryRecordDefaultsToNull() {
        List<String> violations = new ArrayList<>();
        Set<String> visited = new HashSet<>();
        AvscFiles.parse(AvscFiles.CURRENT).values().forEach(schema -> check(schema, visited, violations));

        assertThat(visited).contains("dev.vigil.avro.Alert", "dev.vigil.avro.Evidence", "dev.vigil.avro.DelegationRef",
                "dev.vigil.avro.ReceiptPayload", "dev.vigil.avro.OperatingWindow");
        assertThat(violations).isEmpty();
    }

    @Test
    void theCheckCatchesANullableFieldWithoutANullDefault() {
        Schema schema = new Schema.Parser().parse("""
                {"type": "record", "name": "Bad", "fields": [
                  {"name": "noDefault", "type": ["null", "string"]},
                  {"name": "nullLast", "type": ["string", "null"], "default": "x"},
                  {"name": "fine", "type": ["null", "string"], "default": null},
                  {"name": "nested", "type": {"type": "array", "items": {"type": "record", "name": "Inner", "fields": [
                    {"name": "deep", "type": ["null", "long"]}]}}}
                ]}""");
        List<String> violations = new ArrayList<>();
        check(schema, new HashSet<>(), violations);

        assertThat(violations).containsExactly("Bad.noDefault", "Bad.nullLast", "Inner.deep");
    }

    private static void check(Schema schema, Set<String> visited, List<String> violations) {
        switch (schema.getType()) {
            case RECORD -> {
                if (!visited.add(schema.getFullName())) {
                    return;
                }
                for (Schema.Field field : schema.getFields()) {
                    if (field.schema().isNullable() && !defaultsToNull(field)) {
                        violations.add(schema.getName() + "." + field.name());
                    }
                    check(field.schema(), visited, violations);
                }
            }
            case UNION -> schema.getTypes().forEach(branch -> check(branch, visited, violations));
            case ARRAY -> check(schema.getElementType(), visited, violations);
            case MAP -> check(schema.getValueType(), visited, violations);
            default -> {
            }
        }
    }

    private static boolean defaultsToNull(Schema.Field field) {
        return field.schema().getType() == Schema.Type.UNION
                && field.schema().getTypes().get(0).getType() == Schema.Type.NULL
                && field.hasDefaultValue() && field.defaultVal() == JsonProperties.NULL_VALUE;
    }
}

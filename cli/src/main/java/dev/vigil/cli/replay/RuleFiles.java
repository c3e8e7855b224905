package dev.vigil.cli.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.ingest.IngestException;
import dev.vigil.topology.rules.RuleJson;
import dev.vigil.topology.rules.RuleSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads rules (custom rules or overrides of built-in ones, the JSON of {@code POST /v1/rules}) from a file: one JSON
 * object (pretty-printed or not), a JSON array of them, or JSON lines. Each is validated exactly as the API and the
 * topology validate it; the first bad one is an {@link IllegalArgumentException} naming the file, the line or array
 * index, the field and the reason, because running without a rule the user asked for would mislead.
 */
public final class RuleFiles {

    /** Strict about trailing content, so that JSON lines are not read as their first line alone. */
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private RuleFiles() {
    }

    public static List<RuleSpec> read(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString());
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        String name = file.getFileName().toString();
        JsonNode whole = wholeDocument(text);
        List<RuleSpec> specs = new ArrayList<>();
        if (whole != null && whole.isArray()) {
            for (int i = 0; i < whole.size(); i++) {
                specs.add(parse(whole.get(i).toString(), name + " [" + i + "]"));
            }
        } else if (whole != null) {
            specs.add(parse(text, name));
        } else {
            String[] lines = text.split("\r?\n", -1);
            for (int i = 0; i < lines.length; i++) {
                if (!lines[i].isBlank()) {
                    specs.add(parse(lines[i], name + " line " + (i + 1)));
                }
            }
        }
        if (specs.isEmpty()) {
            throw new IllegalArgumentException(name + ": no rule in the file");
        }
        List<String> ids = new ArrayList<>();
        for (RuleSpec spec : specs) {
            if (ids.contains(spec.ruleId())) {
                throw new IllegalArgumentException(name + ": rule " + spec.ruleId() + " appears twice");
            }
            ids.add(spec.ruleId());
        }
        return specs;
    }

    /** The file as one JSON value, or null when it is not one (JSON lines). */
    private static JsonNode wholeDocument(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static RuleSpec parse(String json, String where) {
        try {
            return RuleJson.read(json);
        } catch (IngestException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage());
        }
    }
}

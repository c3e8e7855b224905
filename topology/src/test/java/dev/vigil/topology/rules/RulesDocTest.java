package dev.vigil.topology.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The examples in docs/rules.md are valid rules (each JSON block: one object, or one object per line). */
class RulesDocTest {

    @Test
    void everyExampleInTheRulesDocumentIsAValidRule() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "rules.md"));
        Matcher block = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL).matcher(doc);
        List<RuleSpec> examples = new ArrayList<>();
        while (block.find()) {
            String text = block.group(1).strip();
            if (text.lines().allMatch(l -> l.startsWith("{") && l.endsWith("}"))) {
                text.lines().forEach(line -> examples.add(RuleJson.read(line)));
            } else {
                examples.add(RuleJson.read(text));
            }
        }
        assertThat(examples).hasSize(4);
        assertThat(examples.get(0)).isInstanceOf(CustomRule.class);
        assertThat(examples.subList(1, 4)).allMatch(RuleOverride.class::isInstance);
    }
}

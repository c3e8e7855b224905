package dev.vigil.cli.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.cli.Cli;
import dev.vigil.lifecycle.auth.ApiKeys;
import dev.vigil.lifecycle.auth.Principal;
import dev.vigil.lifecycle.auth.Role;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class KeyCreateCommandTest {

    @Test
    void printsAKeyOnceAndTheEntryThatAcceptsItHoldingOnlyItsHash() {
        Cli.Result result = Cli.run("lifecycle", "create-key", "--tenant", "acme", "--role", "responder", "--name", "alice");
        assertThat(result.exitCode()).as(result.err()).isZero();
        Matcher key = Pattern.compile("(?m)^key:   (vk_\\S+)$").matcher(result.out());
        Matcher entry = Pattern.compile("(?m)^entry: (\\S+)$").matcher(result.out());
        assertThat(key.find()).isTrue();
        assertThat(entry.find()).isTrue();
        assertThat(entry.group(1)).doesNotContain(key.group(1).substring(12)).startsWith(key.group(1).substring(3, 11) + ":acme:responder:");
        Principal p = ApiKeys.of(List.of(entry.group(1))).authenticate(key.group(1)).orElseThrow();
        assertThat(p).isEqualTo(new Principal(key.group(1).substring(3, 11), "acme", Role.RESPONDER, "alice"));
        assertThat(ApiKeys.of(List.of(entry.group(1))).authenticate(key.group(1) + "x")).isEmpty();
    }

    @Test
    void aBadRoleIsRefusedNamingTheChoices() {
        Cli.Result result = Cli.run("lifecycle", "create-key", "--tenant", "acme", "--role", "god");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("viewer, responder or admin");
    }
}

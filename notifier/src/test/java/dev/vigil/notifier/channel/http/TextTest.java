package dev.vigil.notifier.channel.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextTest {

    @Test
    void leavesTextThatFitsAlone() {
        assertThat(Text.truncate("abc", 3)).isEqualTo("abc");
        assertThat(Text.truncate(null, 3)).isNull();
    }

    @Test
    void cutsToTheLimitWithAnEllipsis() {
        assertThat(Text.truncate("abcdef", 4)).isEqualTo("abc…").hasSize(4);
    }

    @Test
    void neverSplitsASurrogatePair() {
        String text = "ab\uD83D\uDE80cd";

        assertThat(Text.truncate(text, 4)).isEqualTo("ab…");
    }
}

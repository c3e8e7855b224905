package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class ErrorMessagesTest {

    @Test
    void aMissingFileIsNamedEvenWhenWrapped() {
        UncheckedIOException wrapped = new UncheckedIOException(new NoSuchFileException("events.jsonl"));

        assertThat(ErrorMessages.describe(wrapped)).isEqualTo("no such file: events.jsonl");
        assertThat(ErrorMessages.exitCode(wrapped)).isEqualTo(2);
    }

    @Test
    void badConfigurationAndBadArgumentsAreExitCodeTwo() {
        assertThat(ErrorMessages.describe(new ConfigException("bootstrap.servers is required")))
                .isEqualTo("configuration error: bootstrap.servers is required");
        assertThat(ErrorMessages.exitCode(new ConfigException("x"))).isEqualTo(2);
        assertThat(ErrorMessages.exitCode(new IllegalArgumentException("--agents must be at least 1"))).isEqualTo(2);
        assertThat(ErrorMessages.describe(new IOException("disk full"))).isEqualTo("I/O error: disk full");
    }

    @Test
    void anythingElseIsExitCodeOneWithItsMessageOrItsType() {
        assertThat(ErrorMessages.exitCode(new SerializationException("registry unreachable"))).isEqualTo(1);
        assertThat(ErrorMessages.describe(new SerializationException("registry unreachable"))).isEqualTo("registry unreachable");
        assertThat(ErrorMessages.describe(new IllegalStateException())).isEqualTo("IllegalStateException");
    }
}

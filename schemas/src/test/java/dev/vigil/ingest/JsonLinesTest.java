package dev.vigil.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.avro.AgentEvent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesTest {

    private static final String GOOD = EventJsonTest.TOOL_CALL;

    @TempDir
    Path dir;

    private Path file(byte[] content) throws IOException {
        return Files.write(dir.resolve("events.jsonl"), content);
    }

    private Path file(String content) throws IOException {
        return file(content.getBytes(StandardCharsets.UTF_8));
    }

    private static List<JsonLines.Line<AgentEvent>> readAll(Path path) throws IOException {
        try (Stream<JsonLines.Line<AgentEvent>> lines = JsonLines.read(path, EventJson::parse)) {
            return lines.toList();
        }
    }

    @Test
    void aBadLineIsReportedWithItsNumberAndFieldAndTheRestOfTheFileGoesOn() throws IOException {
        String bad = GOOD.replace("2026-11-20T10:15:30.123Z", "2026-13-01");
        List<JsonLines.Line<AgentEvent>> lines = readAll(file(GOOD + "\n" + bad + "\n" + GOOD.replace("e-1", "e-3") + "\n"));

        assertThat(lines).extracting(JsonLines.Line::lineNumber).containsExactly(1L, 2L, 3L);
        assertThat(lines.get(0).isValid()).isTrue();
        assertThat(lines.get(1).value()).isNull();
        assertThat(lines.get(1).error()).isEqualTo(new IngestError(2, "occurredAt", "not an RFC 3339 timestamp: \"2026-13-01\""));
        assertThat(lines.get(1).error()).hasToString("line 2: field 'occurredAt': not an RFC 3339 timestamp: \"2026-13-01\"");
        assertThat(lines.get(2).value().getEventId()).isEqualTo("e-3");
    }

    @Test
    void malformedJsonIsAnErrorForThatLineWithoutAField() throws IOException {
        List<JsonLines.Line<AgentEvent>> lines = readAll(file("{\"type\": \n" + GOOD));

        assertThat(lines.get(0).error().field()).isNull();
        assertThat(lines.get(0).error().toString()).startsWith("line 1: not valid JSON");
        assertThat(lines.get(1).isValid()).isTrue();
    }

    @Test
    void blankLinesAreSkippedButCounted() throws IOException {
        List<JsonLines.Line<AgentEvent>> lines = readAll(file("\n   \n" + GOOD + "\r\n\t\n" + GOOD));
        assertThat(lines).extracting(JsonLines.Line::lineNumber).containsExactly(3L, 5L);
        assertThat(lines).allMatch(JsonLines.Line::isValid);
    }

    @Test
    void aLastLineWithoutNewlineAndAByteOrderMarkAreRead() throws IOException {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] text = (GOOD + "\n" + GOOD).getBytes(StandardCharsets.UTF_8);
        byte[] content = new byte[bom.length + text.length];
        System.arraycopy(bom, 0, content, 0, bom.length);
        System.arraycopy(text, 0, content, bom.length, text.length);

        assertThat(readAll(file(content))).hasSize(2).allMatch(JsonLines.Line::isValid);
    }

    @Test
    void aLineThatIsNotUtf8IsAnErrorForThatLineOnly() throws IOException {
        byte[] first = GOOD.replace("github", "git\u00e9hub").getBytes(StandardCharsets.ISO_8859_1);
        byte[] rest = ("\n" + GOOD + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] content = new byte[first.length + rest.length];
        System.arraycopy(first, 0, content, 0, first.length);
        System.arraycopy(rest, 0, content, first.length, rest.length);

        List<JsonLines.Line<AgentEvent>> lines = readAll(file(content));
        assertThat(lines.get(0).error()).hasToString("line 1: not valid UTF-8 text");
        assertThat(lines.get(1).isValid()).isTrue();
    }

    @Test
    void aLineOverTheBoundIsSkippedWithoutBeingHeld() {
        String longLine = "{\"padding\":\"" + "x".repeat(500) + "\"}";
        InputStream in = new ByteArrayInputStream((GOOD + "\n" + longLine + "\n" + GOOD + "\n").getBytes(StandardCharsets.UTF_8));
        try (Stream<JsonLines.Line<AgentEvent>> lines = JsonLines.read(in, EventJson::parse, 300)) {
            List<JsonLines.Line<AgentEvent>> all = lines.toList();
            assertThat(all).extracting(line -> line.error() == null ? "ok" : line.error().toString())
                    .containsExactly("ok", "line 2: longer than 300 bytes", "ok");
        }
    }

    @Test
    void linesAreReadLazilySoTheInputNeedNotFitInMemory() {
        byte[] oneLine = (GOOD + "\n").getBytes(StandardCharsets.UTF_8);
        InputStream endless = new InputStream() {
            private long position;

            @Override
            public int read() {
                return oneLine[(int) (position++ % oneLine.length)] & 0xFF;
            }
        };
        try (Stream<JsonLines.Line<AgentEvent>> lines = JsonLines.read(endless, EventJson::parse, JsonLines.MAX_LINE_BYTES)) {
            assertThat(lines.skip(9_999).findFirst()).get().extracting(JsonLines.Line::lineNumber).isEqualTo(10_000L);
        }
    }

    @Test
    void aReaderIsReadTheSameWayAndClosedWithTheStream() {
        AtomicBoolean closed = new AtomicBoolean();
        Reader reader = new StringReader("\uFEFF" + GOOD + "\nnot json\n\n" + GOOD) {
            @Override
            public void close() {
                closed.set(true);
                super.close();
            }
        };
        try (Stream<JsonLines.Line<AgentEvent>> lines = JsonLines.read(reader, EventJson::parse)) {
            assertThat(lines.map(line -> line.isValid() ? "ok" : line.error().toString()))
                    .containsExactly("ok", "line 2: not valid JSON at column 4: Unrecognized token 'not': was expecting "
                            + "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')", "ok");
        }
        assertThat(closed).isTrue();
    }

    @Test
    void aFailureToReadTheInputEndsTheStreamWithAnIoError() {
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("disk gone");
            }
        };
        try (Stream<JsonLines.Line<AgentEvent>> lines = JsonLines.read(failing, EventJson::parse, 100)) {
            assertThatThrownBy(lines::toList).isInstanceOf(UncheckedIOException.class).hasMessageContaining("disk gone");
        }
    }

    @Test
    void profilesAreReadWithTheSameMachinery() throws IOException {
        Path profiles = file("{\"agentId\":\"a\",\"tenantId\":\"t\"}\n{\"agentId\":\"b\",\"tenantId\":\"t\",\"calibrationDays\":-1}\n");
        try (var lines = JsonLines.read(profiles, ProfileJson::parse)) {
            assertThat(lines.map(line -> line.isValid() ? line.value().getAgentId() : line.error().toString()))
                    .containsExactly("a", "line 2: field 'calibrationDays': must be between 0 and 2147483647: -1");
        }
    }
}

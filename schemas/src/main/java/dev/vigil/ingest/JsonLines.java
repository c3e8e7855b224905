package dev.vigil.ingest;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Reads a JSON-lines file lazily, one {@link Line} per non-blank line, so that {@code vigil replay} and
 * {@code vigil produce} can go through a file of any size in constant memory, and a bad line is reported with
 * its number and skipped while the rest of the file goes on (DESIGN.md: never silently dropped).
 *
 * <p>The parser signals a bad line by throwing {@link IngestException} ({@link EventJson#parse},
 * {@link ProfileJson#parse}, {@link AlertJson#parse} do); any other exception is a bug and ends the stream.
 * Close the stream (try-with-resources) to close the file.
 *
 * <pre>{@code
 * try (Stream<JsonLines.Line<AgentEvent>> lines = JsonLines.read(path, EventJson::parse)) {
 *     lines.forEach(line -> { if (line.error() != null) report(line.error()); else send(line.value()); });
 * }
 * }</pre>
 */
public final class JsonLines {

    /** A line longer than this is reported and skipped rather than held in memory. */
    public static final int MAX_LINE_BYTES = 16 * 1024 * 1024;

    private static final int CHUNK_BYTES = 64 * 1024;

    /**
     * One non-blank line: either its value or the error that made it unreadable.
     *
     * @param lineNumber the 1-based physical line number, blank lines counted
     * @param value      the parsed value, null when {@code error} is set
     * @param error      why the line was rejected, null when it was read
     */
    public record Line<T>(long lineNumber, T value, IngestError error) {

        /** True when the line was read. */
        public boolean isValid() {
            return error == null;
        }
    }

    private JsonLines() {
    }

    /**
     * The lines of a UTF-8 file. A line that is not valid UTF-8 or is longer than {@link #MAX_LINE_BYTES} is an
     * error for that line only; a failure to read the file is an {@link UncheckedIOException} from the stream.
     */
    public static <T> Stream<Line<T>> read(Path file, Function<String, ? extends T> parser) throws IOException {
        return read(Files.newInputStream(file), parser, MAX_LINE_BYTES);
    }

    /** The lines of already decoded text, e.g. standard input. */
    public static <T> Stream<Line<T>> read(Reader reader, Function<String, ? extends T> parser) {
        return stream(new TextLines(reader), parser);
    }

    /** The lines of UTF-8 bytes; package-private so tests can bound the line length and feed endless input. */
    static <T> Stream<Line<T>> read(InputStream in, Function<String, ? extends T> parser, int maxLineBytes) {
        return stream(new Utf8Lines(in, maxLineBytes), parser);
    }

    private static <T> Stream<Line<T>> stream(RawLines raw, Function<String, ? extends T> parser) {
        Iterator<Line<T>> lines = new Iterator<>() {
            private Line<T> next;
            private boolean exhausted;

            @Override
            public boolean hasNext() {
                while (next == null && !exhausted) {
                    RawLine line = readRaw(raw);
                    if (line == null) {
                        exhausted = true;
                    } else {
                        next = toLine(line, parser);
                    }
                }
                return next != null;
            }

            @Override
            public Line<T> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Line<T> line = next;
                next = null;
                return line;
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(lines, Spliterator.ORDERED | Spliterator.NONNULL), false)
                .onClose(() -> {
                    try {
                        raw.close();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }

    private static RawLine readRaw(RawLines raw) {
        try {
            return raw.next();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The line as a value or an error; null for a blank line, which is skipped. */
    private static <T> Line<T> toLine(RawLine raw, Function<String, ? extends T> parser) {
        if (raw.problem() != null) {
            return new Line<>(raw.number(), null, new IngestError(raw.number(), null, raw.problem()));
        }
        if (raw.text().isBlank()) {
            return null;
        }
        try {
            T value = Objects.requireNonNull(parser.apply(raw.text()), "the parser returned null for line " + raw.number());
            return new Line<>(raw.number(), value, null);
        } catch (IngestException e) {
            return new Line<>(raw.number(), null, IngestError.of(raw.number(), e));
        }
    }

    /** A physical line: its text, or why it has none. */
    private record RawLine(long number, String text, String problem) {
    }

    private interface RawLines extends Closeable {
        /** The next line, or null at the end of the input. */
        RawLine next() throws IOException;
    }

    private static String withoutByteOrderMark(long number, String text) {
        return number == 1 && text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** Lines of a Reader; BufferedReader already splits on \n, \r\n and \r. */
    private static final class TextLines implements RawLines {
        private final BufferedReader reader;
        private long number;

        TextLines(Reader reader) {
            this.reader = reader instanceof BufferedReader buffered ? buffered : new BufferedReader(reader, CHUNK_BYTES);
        }

        @Override
        public RawLine next() throws IOException {
            String text = reader.readLine();
            if (text == null) {
                return null;
            }
            number++;
            return new RawLine(number, withoutByteOrderMark(number, text), null);
        }

        @Override
        public void close() throws IOException {
            reader.close();
        }
    }

    /**
     * Lines of UTF-8 bytes split on \n (a trailing \r dropped), each decoded on its own, so a bad byte costs one
     * line and not the file, and a line over the bound is skipped without being held.
     */
    private static final class Utf8Lines implements RawLines {
        private final InputStream in;
        private final int maxLineBytes;
        private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder();
        private final byte[] chunk = new byte[CHUNK_BYTES];
        private int position;
        private int limit;
        private byte[] line = new byte[1024];
        private int length;
        private long number;
        private boolean endOfInput;

        Utf8Lines(InputStream in, int maxLineBytes) {
            this.in = in;
            this.maxLineBytes = maxLineBytes;
        }

        @Override
        public RawLine next() throws IOException {
            if (endOfInput) {
                return null;
            }
            length = 0;
            boolean tooLong = false;
            boolean sawBytes = false;
            while (true) {
                if (position == limit && !fill()) {
                    if (!sawBytes) {
                        return null;
                    }
                    break;
                }
                sawBytes = true;
                int newline = indexOfNewline();
                int end = newline < 0 ? limit : newline;
                if (!tooLong && length + (end - position) > maxLineBytes) {
                    tooLong = true;
                } else if (!tooLong) {
                    append(end);
                }
                position = newline < 0 ? limit : newline + 1;
                if (newline >= 0) {
                    break;
                }
            }
            number++;
            return tooLong ? new RawLine(number, null, "longer than " + maxLineBytes + " bytes") : decode();
        }

        private boolean fill() throws IOException {
            int read = in.read(chunk);
            position = 0;
            limit = Math.max(read, 0);
            endOfInput = read < 0;
            return read > 0;
        }

        private int indexOfNewline() {
            for (int i = position; i < limit; i++) {
                if (chunk[i] == '\n') {
                    return i;
                }
            }
            return -1;
        }

        private void append(int end) {
            int count = end - position;
            if (length + count > line.length) {
                line = Arrays.copyOf(line, Math.max(line.length * 2, length + count));
            }
            System.arraycopy(chunk, position, line, length, count);
            length += count;
        }

        private RawLine decode() {
            int end = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
            try {
                String text = utf8.decode(ByteBuffer.wrap(line, 0, end)).toString();
                return new RawLine(number, withoutByteOrderMark(number, text), null);
            } catch (CharacterCodingException e) {
                return new RawLine(number, null, "not valid UTF-8 text");
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}

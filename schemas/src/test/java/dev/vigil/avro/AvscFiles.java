package dev.vigil.avro;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;

/**
 * Parses a folder of {@code .avsc} files the way the avro-maven-plugin does: one parser, the shared types
 * ({@code Severity}, {@code Geo}) first, so the others may refer to them by name.
 */
final class AvscFiles {

    static final Path CURRENT = Path.of("src/main/avro");
    static final Path RELEASED = Path.of("src/test/resources/released/0.1.0");

    private static final List<String> SHARED_FIRST = List.of("Severity.avsc", "Geo.avsc");

    private AvscFiles() {
    }

    /** Schema by file name without {@code .avsc}, e.g. {@code Alert}. */
    static Map<String, Schema> parse(Path folder) {
        Schema.Parser parser = new Schema.Parser();
        Map<String, Schema> byName = new LinkedHashMap<>();
        for (Path file : files(folder)) {
            try {
                byName.put(file.getFileName().toString().replace(".avsc", ""), parser.parse(file.toFile()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return byName;
    }

    /** A parser that already knows the shared types of {@code folder}, for parsing an altered schema. */
    static Schema.Parser parserWithSharedTypes(Path folder) {
        Schema.Parser parser = new Schema.Parser();
        for (String shared : SHARED_FIRST) {
            try {
                parser.parse(folder.resolve(shared).toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return parser;
    }

    private static List<Path> files(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> file.toString().endsWith(".avsc"))
                    .sorted(Comparator.comparing((Path file) -> {
                        int shared = SHARED_FIRST.indexOf(file.getFileName().toString());
                        return shared < 0 ? SHARED_FIRST.size() : shared;
                    }).thenComparing(Path::toString))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

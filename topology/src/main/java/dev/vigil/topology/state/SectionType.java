package dev.vigil.topology.state;

import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * How to create and read one kind of {@link StateSection}. The name is written with the section, so it must
 * never change once released; rename means a new section that starts empty. A section that fails to read is
 * a {@link org.apache.kafka.common.errors.SerializationException} naming it.
 *
 * @param name   the stable name, usually the rule id (e.g. {@code rate_spike})
 * @param create an empty section, for an agent that has none yet
 * @param read   reads what {@link StateSection#write} wrote, all of it
 */
public record SectionType<S extends StateSection>(String name, Supplier<S> create, Function<StateReader, S> read) {

    public SectionType {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(create, "create");
        Objects.requireNonNull(read, "read");
        if (name.isEmpty() || name.length() > 64) {
            throw new IllegalArgumentException("section name must be 1 to 64 characters: '" + name + "'");
        }
    }
}

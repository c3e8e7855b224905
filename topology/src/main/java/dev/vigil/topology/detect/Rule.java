package dev.vigil.topology.detect;

import java.util.List;
import java.util.Objects;

/**
 * What a rule's alerts say about it, the same for every alert of it.
 *
 * @param id       the rule id, e.g. {@code velocity_spike}; part of the alert id
 * @param name     a short title for people
 * @param category identity, access, behaviour, spend, integrity, … ({@code custom} for a user's rule)
 * @param attack   the MITRE ATT&amp;CK or ATLAS technique id, or null when none fits
 * @param version  the version of a custom rule's text, null for a built-in rule
 * @param channels a custom rule's explicit routing, empty for a built-in rule
 */
public record Rule(String id, String name, String category, String attack, Integer version, List<String> channels) {

    public Rule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(category, "category");
        channels = List.copyOf(channels);
    }

    /** A built-in rule. */
    public Rule(String id, String name, String category, String attack) {
        this(id, name, category, attack, null, List.of());
    }
}

package dev.vigil.topology.detect;

import java.util.Objects;

/**
 * What a detector's alerts say about the rule, the same for every alert of it.
 *
 * @param id       the rule id, e.g. {@code velocity_spike}; part of the alert id
 * @param name     a short title for people
 * @param category identity, access, behaviour, spend, integrity, …
 * @param attack   the MITRE ATT&amp;CK or ATLAS technique id, or null when none fits
 */
public record Rule(String id, String name, String category, String attack) {

    public Rule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(category, "category");
    }
}

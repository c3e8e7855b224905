package dev.vigil.lifecycle.command;

import dev.vigil.avro.RuleCondition;
import dev.vigil.avro.RuleDefinition;
import dev.vigil.ingest.IngestException;
import dev.vigil.lifecycle.view.RuleEntry;
import dev.vigil.lifecycle.view.RuleViewReader;
import dev.vigil.lifecycle.view.ViewUnavailableException;
import dev.vigil.topology.rules.BuiltInRules;
import dev.vigil.topology.rules.RuleJson;
import dev.vigil.topology.rules.RuleSpec;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Reads and changes the rules: create, replace, delete and enable or disable, each validated with the topology's
 * own {@link RuleJson#fromRecord} and written as one record of {@code vigil.rules.v1}, so an invalid rule never
 * reaches the topic. The version is the service's: 1 when created, one more with every change.
 *
 * <p><b>Read-your-writes.</b> A write is acknowledged once Kafka has it, but the rules view (a global store) shows
 * it a moment later. Instead of holding the request until then, as {@link AlertCommands} does, this class keeps
 * each of its own acknowledged writes, with the record's offset, and answers reads from it until the view has
 * applied that offset or a later one; then the view answers again and the write is forgotten. The offset, not the
 * version, decides: a deleted and re-created rule starts again at version 1 and would look older than the view's
 * stale copy. The overlay holds at most one entry per ruleId this instance changed, usually none.
 *
 * <p>Changes through this instance are serialized (check, then write), so two concurrent creates give one 201 and
 * one 409 and versions do not repeat. Across instances the last write wins on the compacted topic; issue 6 routes
 * changes to one instance.
 */
public final class RuleCommands {

    private final RuleViewReader view;
    private final RuleWriter writer;
    private final Map<String, RuleEntry> ownWrites = new ConcurrentHashMap<>();
    private final ReentrantLock changes = new ReentrantLock();

    public RuleCommands(RuleViewReader view, RuleWriter writer) {
        this.view = view;
        this.writer = writer;
    }

    /** What a PATCH did: the rule as written, and whether it created the record (a built-in rule's first override). */
    public record Toggled(RuleSpec rule, boolean created) {
    }

    /** The rule or override with this id; {@link ViewUnavailableException} when the view cannot say. */
    public Optional<RuleSpec> get(String ruleId) {
        Optional<RuleEntry> shown = view.get(ruleId);
        RuleEntry own = ownWrites.get(ruleId);
        if (own == null) {
            return shown.map(RuleEntry::spec);
        }
        if (shown.isPresent() && shown.get().offset() >= own.offset()) {
            ownWrites.remove(ruleId, own);
            return shown.map(RuleEntry::spec);
        }
        return Optional.ofNullable(own.spec());
    }

    /** Every rule and override, in ruleId order. */
    public List<RuleSpec> all() {
        Map<String, RuleEntry> entries = new TreeMap<>();
        view.all().forEach(entry -> entries.put(entry.ruleId(), entry));
        ownWrites.forEach((ruleId, own) -> {
            RuleEntry shown = entries.get(ruleId);
            if (shown != null && shown.offset() >= own.offset()) {
                ownWrites.remove(ruleId, own);
            } else {
                entries.put(ruleId, own);
            }
        });
        return entries.values().stream().map(RuleEntry::spec).filter(Objects::nonNull).toList();
    }

    /**
     * Creates the rule or override {@code submitted} describes, as version 1.
     *
     * @throws IngestException      it does not validate (before anything is checked or written)
     * @throws RuleExistsException  its id has a record already
     * @throws WriteFailedException Kafka did not confirm it
     */
    public RuleSpec create(RuleDefinition submitted) {
        RuleSpec rule = RuleJson.fromRecord(withVersion(submitted, 1));
        return changing(() -> {
            get(rule.ruleId()).ifPresent(existing -> {
                throw new RuleExistsException(existing);
            });
            return write(rule);
        });
    }

    /**
     * Replaces the record of {@code submitted}'s ruleId, as the next version.
     *
     * @throws RuleNotFoundException the id has no record
     * @throws IngestException       it does not validate
     */
    public RuleSpec replace(RuleDefinition submitted) {
        return changing(() -> {
            RuleSpec current = get(submitted.getRuleId())
                    .orElseThrow(() -> new RuleNotFoundException(submitted.getRuleId()));
            return write(RuleJson.fromRecord(withVersion(submitted, current.version() + 1)));
        });
    }

    /** Deletes the record of {@code ruleId} (a tombstone); {@link RuleNotFoundException} when it has none. */
    public void delete(String ruleId) {
        changing(() -> {
            get(ruleId).orElseThrow(() -> new RuleNotFoundException(ruleId));
            long offset = writer.delete(ruleId);
            ownWrites.put(ruleId, new RuleEntry(ruleId, offset, null));
            return null;
        });
    }

    /**
     * Turns a rule or override on or off, as the next version. A built-in rule's id without a record gets its
     * global override, version 1, with just that switch.
     *
     * @throws RuleNotFoundException the id has no record and is not a built-in rule's
     */
    public Toggled setEnabled(String ruleId, boolean enabled) {
        return changing(() -> {
            Optional<RuleSpec> current = get(ruleId);
            if (current.isPresent()) {
                RuleDefinition next = RuleDefinition.newBuilder(RuleJson.toRecord(current.get()))
                        .setEnabled(enabled).setVersion(current.get().version() + 1).build();
                return new Toggled(write(RuleJson.fromRecord(next)), false);
            }
            BuiltInRules.BuiltIn builtIn = BuiltInRules.CATALOGUE.find(ruleId)
                    .orElseThrow(() -> new RuleNotFoundException(ruleId));
            RuleDefinition override = RuleDefinition.newBuilder()
                    .setRuleId(ruleId).setName(builtIn.rule().name()).setEnabled(enabled)
                    .setCondition(RuleCondition.newBuilder().build())
                    .build();
            return new Toggled(write(RuleJson.fromRecord(override)), true);
        });
    }

    private RuleSpec write(RuleSpec rule) {
        long offset = writer.put(RuleJson.toRecord(rule));
        ownWrites.put(rule.ruleId(), new RuleEntry(rule.ruleId(), offset, rule));
        return rule;
    }

    private <T> T changing(Supplier<T> change) {
        changes.lock();
        try {
            return change.get();
        } finally {
            changes.unlock();
        }
    }

    private static RuleDefinition withVersion(RuleDefinition definition, int version) {
        return RuleDefinition.newBuilder(definition).setVersion(version).build();
    }
}

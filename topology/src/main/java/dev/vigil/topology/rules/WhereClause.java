package dev.vigil.topology.rules;

import com.google.common.collect.ImmutableCollection;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypeProvider;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.vigil.avro.AgentEvent;
import dev.vigil.ingest.IngestException;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A rule's {@code where}: a CEL expression over the flattened event ({@link EventFields}), type-checked and
 * planned once when the rule is read, then evaluated per event.
 *
 * <p>The checker sees {@code event} as a struct with exactly the catalogue's fields, so {@code event.tool > 3}
 * or {@code event.tol} is refused at submission. At run time the event is a map without the fields it does not
 * carry; reading such a field is an evaluation error, and any evaluation error means "does not match": a rule
 * about {@code bytesWritten} simply never fires on a receipt.
 */
final class WhereClause {

    static final String FIELD = "condition.where";
    /** CEL lists every overload of an operator after a type error; the first part says what is wrong. */
    private static final java.util.regex.Pattern CANDIDATES = java.util.regex.Pattern.compile("\\s*\\(candidates: .*\\)$");
    private static final String EVENT_TYPE = "vigil.Event";
    private static final StructType EVENT = StructType.create(EVENT_TYPE,
            ImmutableSet.copyOf(EventFields.TYPES.keySet()), name -> Optional.ofNullable(EventFields.TYPES.get(name)));
    /** {@code event.costUsd > 2} and {@code event.bytesWritten > 1e6} compare as numbers, as users write them. */
    private static final Cel CEL = CelFactory.standardCelBuilder()
            .setOptions(CelOptions.current().enableHeterogeneousNumericComparisons(true).build())
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .setTypeProvider(new EventTypeProvider())
            .addVar("event", EVENT)
            .build();

    private final String source;
    private final CelRuntime.Program program;

    private WhereClause(String source, CelRuntime.Program program) {
        this.source = source;
        this.program = program;
    }

    /** The compiled expression; {@link IngestException} on {@value #FIELD} when it does not check as a boolean. */
    static WhereClause compile(String source) {
        if (source.isBlank()) {
            throw new IngestException(FIELD, "must not be blank; leave it out to match every event");
        }
        CelValidationResult result = CEL.compile(source);
        if (result.hasError()) {
            throw new IngestException(FIELD, "CEL: " + messages(result));
        }
        try {
            CelAbstractSyntaxTree ast = result.getAst();
            if (!ast.getResultType().equals(SimpleType.BOOL)) {
                throw new IngestException(FIELD, "must be a boolean expression, not " + ast.getResultType().name());
            }
            return new WhereClause(source, CEL.createProgram(ast));
        } catch (dev.cel.common.CelValidationException | CelEvaluationException e) {
            throw new IngestException(FIELD, "CEL: " + e.getMessage());
        }
    }

    private static String messages(CelValidationResult result) {
        return result.getAllIssues().stream().filter(i -> i.getSeverity() == CelIssue.Severity.ERROR)
                .map(i -> CANDIDATES.matcher(i.getMessage()).replaceFirst("")).collect(Collectors.joining("; "));
    }

    String source() {
        return source;
    }

    /** True when the expression holds for the event; false when it does not or cannot be evaluated. */
    boolean matches(AgentEvent event) {
        return matches(EventFields.flatten(event));
    }

    /** As {@link #matches(AgentEvent)}, over the event's already flattened fields. */
    boolean matches(Map<String, Object> fields) {
        try {
            return Boolean.TRUE.equals(program.eval(Map.of("event", fields)));
        } catch (CelEvaluationException | RuntimeException e) {
            return false;
        }
    }

    /** Makes the {@code vigil.Event} struct known to the checker. */
    private static final class EventTypeProvider implements CelTypeProvider {
        @Override
        public ImmutableCollection<CelType> types() {
            return ImmutableList.of(EVENT);
        }

        @Override
        public Optional<CelType> findType(String typeName) {
            return EVENT_TYPE.equals(typeName) ? Optional.of(EVENT) : Optional.empty();
        }
    }
}

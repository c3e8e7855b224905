package dev.vigil.topology.rules;

import dev.vigil.avro.RuleDefinition;
import dev.vigil.topology.detect.Finding;
import dev.vigil.topology.detect.Rule;
import dev.vigil.topology.state.AgentState;
import dev.vigil.topology.state.SectionType;
import dev.vigil.avro.ReceiptPayload;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A custom rule ready to run: its alert identity, its window's state section and bucket width. Per matching event
 * the work is one window update (O(1), see {@link RuleWindow}) and one comparison with the threshold.
 */
public final class ActiveRule {

    /** Prefix of every custom rule's state section name; no built-in section name contains a colon. */
    static final String SECTION_PREFIX = "r:";
    private static final int MAX_PLAIN_VALUE = 64;

    private final CustomRule spec;
    private final Rule identity;
    private final SectionType<RuleWindow> section;
    private final long fingerprint;
    private final long bucketMs;

    ActiveRule(CustomRule spec) {
        this.spec = spec;
        this.identity = new Rule(spec.ruleId(), spec.name(), "custom", null, spec.version(), spec.channels());
        this.fingerprint = fingerprint(spec);
        this.bucketMs = spec.condition().timeWindow().toMillis() / RuleWindow.BUCKETS;
        Aggregate.Kind kind = spec.condition().aggregate().kind();
        int capacity = (int) Math.min(spec.condition().threshold(), RuleCondition.MAX_DISTINCT);
        this.section = new SectionType<>(sectionName(spec.ruleId()), () -> new RuleWindow(fingerprint, kind, capacity),
                RuleWindow::read);
    }

    public CustomRule spec() {
        return spec;
    }

    /** What its alerts say: id, name, category {@code custom}, version and channels. */
    public Rule rule() {
        return identity;
    }

    String sectionName() {
        return section.name();
    }

    /**
     * Counts the event in the agent's window when it matches the condition, and returns a finding when the window
     * then reaches the threshold.
     */
    public Optional<Finding> onEvent(AgentState state, EventView view) {
        RuleCondition c = spec.condition();
        if (!c.matches(view)) {
            return Optional.empty();
        }
        RuleWindow window = state.section(section);
        if (window.fingerprint() != fingerprint) {
            state.dropSection(section.name());
            window = state.section(section);
        }
        long time = view.event().getOccurredAt().toEpochMilli();
        long bucket = Math.floorDiv(time, bucketMs);
        Aggregate aggregate = c.aggregate();
        long value = switch (aggregate.kind()) {
            case COUNT -> window.add(bucket, 1);
            case SUM -> window.add(bucket, amount(exact(view, aggregate.field())));
            case DISTINCT -> window.addValue(bucket, distinctValue(exact(view, aggregate.field())));
        };
        long threshold = aggregate.kind() == Aggregate.Kind.SUM && "costUsd".equals(aggregate.field())
                ? (c.threshold() > Long.MAX_VALUE / 1_000_000L ? Long.MAX_VALUE : c.threshold() * 1_000_000L)
                : c.threshold();
        if (value < threshold) {
            return Optional.empty();
        }
        return Optional.of(finding(window, bucket, value, view));
    }

    private Finding finding(RuleWindow window, long bucket, long value, EventView view) {
        RuleCondition c = spec.condition();
        String windowText = RuleJson.windowText(c.timeWindow());
        String shown = shown(c.aggregate(), value);
        String what = switch (c.aggregate().kind()) {
            case COUNT -> value + " matching event" + (value == 1 ? "" : "s");
            case SUM -> "sum(" + c.aggregate().field() + ") = " + shown;
            case DISTINCT -> value + " distinct " + c.aggregate().field() + " value" + (value == 1 ? "" : "s");
        };
        Map<String, String> observed = new LinkedHashMap<>();
        observed.put(c.aggregate().toString(), shown);
        Map<String, String> baseline = new LinkedHashMap<>();
        baseline.put("threshold", Long.toString(c.threshold()));
        baseline.put("timeWindow", windowText);
        long newest = Math.max(bucket, window.newestBucket());
        Instant start = Instant.ofEpochMilli((newest - RuleWindow.BUCKETS + 1) * bucketMs);
        Instant end = Instant.ofEpochMilli((newest + 1) * bucketMs);
        String action = spec.description() == null
                ? "Check the matching events in the evidence against what rule '" + spec.name() + "' is meant to catch."
                : "Check the matching events in the evidence: " + spec.description();
        return new Finding(spec.severity(), dev.vigil.topology.detect.Score.certain(spec.severity()),
                spec.name() + ": " + what + " in " + windowText + " (threshold " + c.threshold() + ")",
                observed, baseline, start, end, action);
    }

    /** The field's value, with the cost as the event's exact decimal rather than the double CEL sees. */
    private static Object exact(EventView view, String field) {
        if ("costUsd".equals(field) && view.event().getPayload() instanceof ReceiptPayload receipt) {
            return receipt.getCostUsd();
        }
        return view.fields().get(field);
    }

    /** A numeric field as a whole number: integers as they are, {@code costUsd} in micro-dollars (exact). */
    private static long amount(Object value) {
        if (value instanceof BigDecimal d) {
            try {
                return d.movePointRight(6).setScale(0, RoundingMode.HALF_EVEN).longValueExact();
            } catch (ArithmeticException e) {
                return d.signum() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
            }
        }
        return ((Number) value).longValue();
    }

    private static String shown(Aggregate aggregate, long value) {
        if (aggregate.kind() == Aggregate.Kind.SUM && "costUsd".equals(aggregate.field())) {
            return BigDecimal.valueOf(value, 6).stripTrailingZeros().toPlainString();
        }
        return Long.toString(value);
    }

    /** Values are kept as text; long ones as a hash, so a window's size stays bounded. */
    private static String distinctValue(Object value) {
        String text = value instanceof BigDecimal d ? d.stripTrailingZeros().toPlainString() : String.valueOf(value);
        return text.length() <= MAX_PLAIN_VALUE ? text : "sha256:" + hex(text).substring(0, 32);
    }

    /** {@code r:<ruleId>}, or a prefix of the id and a hash of all of it when that would exceed 64 characters. */
    static String sectionName(String ruleId) {
        String name = SECTION_PREFIX + ruleId;
        return name.length() <= 64 ? name : SECTION_PREFIX + ruleId.substring(0, 45) + "~" + hex(ruleId).substring(0, 16);
    }

    /**
     * A hash of everything that decides what the window counts (filters, expression, aggregate, window; and the
     * threshold of a {@code distinct}, which sizes it), so a window is kept across a change of threshold, severity,
     * name or channels and restarted after any other change.
     */
    static long fingerprint(CustomRule rule) {
        RuleDefinition d = RuleJson.toAvro(rule);
        if (rule.condition().aggregate().kind() != Aggregate.Kind.DISTINCT) {
            d.getCondition().setThreshold(0L);
        }
        return ByteBuffer.wrap(sha256(d.getCondition().toString())).getLong();
    }

    private static String hex(String text) {
        return HexFormat.of().formatHex(sha256(text));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

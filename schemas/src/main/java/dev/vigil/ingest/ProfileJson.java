package dev.vigil.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.avro.AgentProfile;
import dev.vigil.avro.Budget;
import dev.vigil.avro.OperatingWindow;
import dev.vigil.avro.Weekday;
import dev.vigil.receipt.Ed25519Keys;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Period;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * An {@link AgentProfile} as JSON (DESIGN.md, agent profiles): what admins publish to {@code vigil.agents.v1} and
 * what {@code vigil replay --agents} reads, one object per line.
 *
 * <p>A profile is checked before it can change detection: the time zone is a real zone, days are {@code MON}..
 * {@code SUN}, times are {@code HH:MM}, the budget is an exact amount (at most six decimals) over a positive
 * ISO 8601 period ({@code P1D}, {@code PT1H}, {@code P1M}), every public key is a raw 32-byte Ed25519 key in
 * base64url, and depths and day counts are not negative. Absent optional fields take the Avro defaults.
 * Writing is deterministic (public keys sorted by key id), and {@code parse(write(p))} equals {@code p}.
 */
public final class ProfileJson {

    private static final Pattern SETTING_KEY = Pattern.compile("[a-z][a-z0-9_]*\\.[a-z][a-z0-9-]*");
    private static final Pattern HH_MM = Pattern.compile("([01][0-9]|2[0-3]):[0-5][0-9]");

    private ProfileJson() {
    }

    /** The profile of one JSON object; {@link IngestException} naming the field when it breaks the contract. */
    public static AgentProfile parse(String json) {
        Fields f = Fields.of(Json.parseObject(json));
        return AgentProfile.newBuilder()
                .setAgentId(f.requiredId("agentId"))
                .setTenantId(f.requiredId("tenantId"))
                .setName(f.optionalText("name"))
                .setRegisteredScopes(f.stringList("registeredScopes"))
                .setOperatingWindow(operatingWindow(f.optionalObject("operatingWindow")))
                .setBudget(budget(f.optionalObject("budget")))
                .setMaxDelegationDepth(f.intOr("maxDelegationDepth", 3, 0))
                .setAllowedCountries(f.stringList("allowedCountries"))
                .setPublicKeys(publicKeys(f))
                .setCalibrationDays(f.intOr("calibrationDays", 7, 0))
                .setSettings(settings(f))
                .build();
    }

    /** One line of JSON, no line break. */
    public static String write(AgentProfile profile) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("agentId", profile.getAgentId());
        node.put("tenantId", profile.getTenantId());
        node.put("name", profile.getName());
        node.set("registeredScopes", strings(profile.getRegisteredScopes()));
        node.set("operatingWindow", window(profile.getOperatingWindow()));
        node.set("budget", budget(profile.getBudget()));
        node.put("maxDelegationDepth", profile.getMaxDelegationDepth());
        node.set("allowedCountries", strings(profile.getAllowedCountries()));
        ObjectNode keys = node.putObject("publicKeys");
        new TreeMap<>(profile.getPublicKeys()).forEach(keys::put);
        node.put("calibrationDays", profile.getCalibrationDays());
        ObjectNode settings = node.putObject("settings");
        new java.util.TreeMap<>(profile.getSettings()).forEach((k, v) -> settings.put(k.toString(), v.toString()));
        return Json.write(node);
    }

    private static OperatingWindow operatingWindow(Fields f) {
        if (f == null) {
            return null;
        }
        String timezone = f.requiredText("timezone");
        try {
            ZoneId.of(timezone);
        } catch (DateTimeException e) {
            throw f.error("timezone", "not a time zone (an IANA name such as Europe/Berlin): " + Json.show(f.raw("timezone")));
        }
        return OperatingWindow.newBuilder()
                .setTimezone(timezone)
                .setDays(f.symbolList("days", Weekday.class))
                .setStart(hoursAndMinutes(f, "start"))
                .setEnd(hoursAndMinutes(f, "end"))
                .build();
    }

    private static String hoursAndMinutes(Fields f, String name) {
        String text = f.requiredText(name);
        if (!HH_MM.matcher(text).matches()) {
            throw f.error(name, "not a local time HH:MM (00:00 to 23:59): " + Json.show(f.raw(name)));
        }
        return text;
    }

    private static Budget budget(Fields f) {
        if (f == null) {
            return null;
        }
        BigDecimal amountUsd = f.requiredMoney("amountUsd");
        String period = f.requiredText("period");
        if (!isPositivePeriod(period)) {
            throw f.error("period", "not a positive ISO 8601 period such as P1D, PT1H or P1M: " + Json.show(f.raw("period")));
        }
        return new Budget(amountUsd, period);
    }

    /** A date-based period ({@code P1D}, {@code P1M}) or a time-based one ({@code PT1H}), longer than zero. */
    static boolean isPositivePeriod(String text) {
        try {
            Period period = Period.parse(text);
            return !period.isNegative() && !period.isZero();
        } catch (DateTimeParseException notDateBased) {
            try {
                Duration duration = Duration.parse(text);
                return !duration.isNegative() && !duration.isZero();
            } catch (DateTimeParseException notTimeBased) {
                return false;
            }
        }
    }

    /** {@code rule.param -> value}; values may be JSON strings, numbers or booleans, kept as their text. */
    private static Map<String, String> settings(Fields f) {
        Map<String, String> settings = f.scalarMap("settings");
        for (String key : settings.keySet()) {
            if (!SETTING_KEY.matcher(key).matches()) {
                throw f.error("settings." + key, "not a parameter name of the form rule.param (e.g. velocity_spike.ratio)");
            }
        }
        return settings;
    }

    private static Map<String, String> publicKeys(Fields f) {
        Map<String, String> keys = f.stringMap("publicKeys");
        keys.forEach((keyId, key) -> {
            try {
                Ed25519Keys.decodePublic(key);
            } catch (IllegalArgumentException e) {
                throw f.error("publicKeys." + keyId, "not a raw Ed25519 public key in base64url (" + e.getMessage() + "): "
                        + Json.show(Json.MAPPER.getNodeFactory().textNode(key)));
            }
        });
        return keys;
    }

    private static JsonNode window(OperatingWindow window) {
        if (window == null) {
            return NullNode.getInstance();
        }
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("timezone", window.getTimezone());
        ArrayNode days = node.putArray("days");
        window.getDays().forEach(day -> days.add(day.name()));
        node.put("start", window.getStart());
        node.put("end", window.getEnd());
        return node;
    }

    private static JsonNode budget(Budget budget) {
        if (budget == null) {
            return NullNode.getInstance();
        }
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.set("amountUsd", DecimalNode.valueOf(budget.getAmountUsd()));
        node.put("period", budget.getPeriod());
        return node;
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        values.forEach(array::add);
        return array;
    }
}

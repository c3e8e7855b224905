package dev.vigil.notifier.dispatch;

import dev.vigil.avro.Alert;
import dev.vigil.avro.Evidence;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Several alerts as one notification: a summary alert in the alert contract, so every channel can send a group or
 * a digest the way it sends an alert. Its id is {@code group-} or {@code digest-} and a hash of its members (id and
 * occurrences), so the same members always make the same notification and the same idempotency key; its rule is the
 * members' rule when they share one ({@code vigil.digest} otherwise); its severity and score the highest; its
 * description lists the members (the first {@value #LISTED}, then how many more); its evidence the first event ids.
 */
public final class AlertGroups {

    public static final String DIGEST_RULE = "vigil.digest";
    static final int LISTED = 10;
    private static final int EVIDENCE = 20;

    private AlertGroups() {
    }

    public static Alert summary(List<Alert> alerts, boolean digest) {
        if (alerts.isEmpty()) {
            throw new IllegalArgumentException("a group has at least one alert");
        }
        Alert top = alerts.stream().max(Comparator.comparing(Alert::getSeverity).thenComparing(Alert::getScore)).orElseThrow();
        String rule = common(alerts, Alert::getRuleId, DIGEST_RULE);
        String ruleName = common(alerts, Alert::getRuleName, "several rules");
        int n = alerts.size();
        String title = digest ? n + " alert" + (n == 1 ? "" : "s") + " held back by the channel's rate budget"
                : n + " alerts of " + ruleName;
        StringBuilder description = new StringBuilder(title).append(": ");
        for (int i = 0; i < Math.min(LISTED, n); i++) {
            Alert a = alerts.get(i);
            description.append(i == 0 ? "" : "; ").append(a.getSeverity()).append(' ').append(a.getRuleId())
                    .append(" on ").append(a.getAgentId()).append(" — ").append(a.getDescription());
        }
        if (n > LISTED) {
            description.append("; and ").append(n - LISTED).append(" more");
        }
        List<String> evidence = new ArrayList<>();
        for (Alert a : alerts) {
            for (String id : a.getEvidence().getEventIds()) {
                if (evidence.size() < EVIDENCE && !evidence.contains(id)) {
                    evidence.add(id);
                }
            }
        }
        Map<String, String> observed = new LinkedHashMap<>();
        observed.put("alerts", Integer.toString(n));
        observed.put("alertIds", String.join(",", alerts.stream().map(Alert::getAlertId).limit(LISTED).toList()));
        return Alert.newBuilder()
                .setAlertId((digest ? "digest-" : "group-") + hash(alerts))
                .setRuleId(rule)
                .setRuleVersion(null)
                .setRuleName(digest ? "Digest: " + title : title)
                .setCategory(common(alerts, Alert::getCategory, "several"))
                .setSeverity(top.getSeverity())
                .setScore(top.getScore())
                .setCalibrating(alerts.stream().allMatch(Alert::getCalibrating))
                .setTenantId(common(alerts, Alert::getTenantId, "several"))
                .setAgentId(common(alerts, Alert::getAgentId, "several"))
                .setPrincipalId(null)
                .setDescription(description.toString())
                .setObserved(observed)
                .setBaseline(Map.of())
                .setWindowStart(min(alerts, Alert::getWindowStart))
                .setWindowEnd(max(alerts, Alert::getWindowEnd))
                .setEvidence(Evidence.newBuilder().setEventIds(evidence).build())
                .setSuggestedAction(n == 1 ? top.getSuggestedAction() : "Review the " + n + " alerts listed; the first: "
                        + top.getSuggestedAction())
                .setAttack(common(alerts, a -> a.getAttack() == null ? "" : a.getAttack(), "").isEmpty() ? null : top.getAttack())
                .setOccurrences(alerts.stream().mapToLong(Alert::getOccurrences).sum())
                .setFirstSeen(min(alerts, Alert::getFirstSeen))
                .setLastSeen(max(alerts, Alert::getLastSeen))
                .setDetectedAt(max(alerts, Alert::getDetectedAt))
                .setChannels(List.of())
                .build();
    }

    private static String common(List<Alert> alerts, Function<Alert, String> field, String otherwise) {
        String first = field.apply(alerts.get(0));
        return alerts.stream().allMatch(a -> first.equals(field.apply(a))) ? first : otherwise;
    }

    private static Instant min(List<Alert> alerts, Function<Alert, Instant> field) {
        return alerts.stream().map(field).min(Comparator.naturalOrder()).orElseThrow();
    }

    private static Instant max(List<Alert> alerts, Function<Alert, Instant> field) {
        return alerts.stream().map(field).max(Comparator.naturalOrder()).orElseThrow();
    }

    private static String hash(List<Alert> alerts) {
        StringBuilder material = new StringBuilder();
        alerts.stream().map(a -> a.getAlertId() + "\u0000" + a.getOccurrences()).sorted()
                .forEach(m -> material.append(m).append('\u0001'));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(material.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

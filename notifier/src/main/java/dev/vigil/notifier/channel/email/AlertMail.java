package dev.vigil.notifier.channel.email;

import dev.vigil.avro.Alert;
import dev.vigil.avro.Severity;
import dev.vigil.receipt.ReceiptCanonicalForm;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What an alert email says: the subject, a plain-text part and an HTML part carrying the same facts (the text part
 * for terminals and filters, the HTML one for people). Everything in an alert but the severity and the numbers comes
 * from agents' traffic or a rule author, so the HTML part escapes every value and the subject loses line breaks: an
 * agent id must not add markup to the page or a header to the message. Lines end in CRLF, as on the wire, so the
 * text a receiver reads is exactly this text.
 */
record AlertMail(String subject, String text, String html) {

    private static final String CRLF = "\r\n";
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");
    private static final int LABEL_WIDTH = 13;

    /** One labelled fact of the alert, in the order both parts show them. */
    private record Fact(String label, String value) {
    }

    static AlertMail of(Alert alert, EmailConfig config) {
        String link = config.alertBaseUrl() == null ? null
                : config.alertBaseUrl() + "/v1/alerts/" + URLEncoder.encode(alert.getAlertId(), StandardCharsets.UTF_8).replace("+", "%20");
        List<Fact> facts = facts(alert);
        return new AlertMail(subject(alert, config.subjectPrefix()), text(alert, facts, link), html(alert, facts, link));
    }

    private static String subject(Alert alert, String prefix) {
        String subject = severity(alert) + " " + alert.getRuleName() + ": " + alert.getAgentId();
        return CONTROL.matcher(prefix.isEmpty() ? subject : prefix + " " + subject).replaceAll(" ");
    }

    private static List<Fact> facts(Alert alert) {
        List<Fact> facts = new ArrayList<>();
        facts.add(new Fact("Agent", alert.getAgentId()));
        if (alert.getPrincipalId() != null) {
            facts.add(new Fact("Principal", alert.getPrincipalId()));
        }
        facts.add(new Fact("Tenant", alert.getTenantId()));
        facts.add(new Fact("Rule", alert.getRuleName() + " (" + alert.getRuleId() + ")"));
        facts.add(new Fact("Severity", alert.getSeverity().name()
                + (alert.getCalibrating() ? " (calibrating: the agent's baseline is still being learned)" : "")));
        facts.add(new Fact("Score", alert.getScore() + " of 100"));
        facts.add(new Fact("Occurrences", Long.toString(alert.getOccurrences())));
        facts.add(new Fact("First seen", time(alert.getFirstSeen())));
        facts.add(new Fact("Last seen", time(alert.getLastSeen())));
        facts.add(new Fact("Observed", figures(alert.getObserved())));
        facts.add(new Fact("Baseline", figures(alert.getBaseline())));
        List<String> evidence = alert.getEvidence() == null ? List.of() : alert.getEvidence().getEventIds();
        facts.add(new Fact("Evidence", evidence.isEmpty() ? "none" : String.join(", ", evidence)));
        return facts;
    }

    private static String text(Alert alert, List<Fact> facts, String link) {
        StringBuilder out = new StringBuilder();
        out.append(severity(alert)).append(": ").append(alert.getRuleName()).append(CRLF)
                .append(alert.getDescription()).append(CRLF).append(CRLF);
        for (Fact fact : facts) {
            out.append(String.format(Locale.ROOT, "%-" + LABEL_WIDTH + "s", fact.label() + ":")).append(fact.value()).append(CRLF);
        }
        out.append(CRLF).append("Suggested action: ").append(alert.getSuggestedAction()).append(CRLF);
        if (link != null) {
            out.append(CRLF).append("Open the alert: ").append(link).append(CRLF);
        }
        return out.toString();
    }

    private static String html(Alert alert, List<Fact> facts, String link) {
        StringBuilder out = new StringBuilder();
        out.append("<!DOCTYPE html>").append(CRLF)
                .append("<html><head><meta charset=\"utf-8\"><title>").append(escape(alert.getRuleName())).append("</title></head>").append(CRLF)
                .append("<body style=\"font-family:sans-serif\">").append(CRLF)
                .append("<h2 style=\"color:").append(colour(alert.getSeverity())).append("\">").append(severity(alert)).append(": ")
                .append(escape(alert.getRuleName())).append("</h2>").append(CRLF)
                .append("<p>").append(escape(alert.getDescription())).append("</p>").append(CRLF)
                .append("<table cellpadding=\"4\" style=\"border-collapse:collapse\">").append(CRLF);
        for (Fact fact : facts) {
            out.append("<tr><th align=\"left\">").append(escape(fact.label())).append("</th><td>").append(escape(fact.value()))
                    .append("</td></tr>").append(CRLF);
        }
        out.append("</table>").append(CRLF)
                .append("<p><b>Suggested action:</b> ").append(escape(alert.getSuggestedAction())).append("</p>").append(CRLF);
        if (link != null) {
            out.append("<p><a href=\"").append(escape(link)).append("\">Open the alert</a></p>").append(CRLF);
        }
        return out.append("</body></html>").append(CRLF).toString();
    }

    /** Text as HTML character data or an attribute value: the five characters that could end either are replaced. */
    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String severity(Alert alert) {
        return alert.getSeverity().name().toUpperCase(Locale.ROOT);
    }

    private static String colour(Severity severity) {
        return switch (severity) {
            case critical -> "#b00020";
            case high -> "#d84315";
            case medium -> "#f9a825";
            case low -> "#546e7a";
        };
    }

    private static String figures(Map<String, String> figures) {
        if (figures == null || figures.isEmpty()) {
            return "none";
        }
        List<String> pairs = new ArrayList<>();
        new TreeMap<>(figures).forEach((name, value) -> pairs.add(name + " = " + value));
        return String.join(", ", pairs);
    }

    private static String time(Instant instant) {
        return ReceiptCanonicalForm.TIMESTAMP.format(instant);
    }
}

package dev.vigil.notifier.channel.console;

import dev.vigil.avro.Alert;
import dev.vigil.notifier.channel.Channel;
import dev.vigil.notifier.channel.DeliveryResult;
import java.io.PrintStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;

/**
 * Prints one line per alert, for a person watching a terminal ({@code ./vigil demo}) or a log collector reading
 * stdout. The line leads with what a reader scans for — time, severity (padded so columns line up), rule — then who,
 * then the sentence with the numbers. Fields come from producers we do not control, so control characters are
 * replaced: an agent id must not be able to move the cursor or fake a second line.
 */
public final class ConsoleChannel implements Channel {

    public static final String TYPE = "console";

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final int SEVERITY_WIDTH = "CRITICAL".length();
    private static final int SHORT_ID_LENGTH = 8;

    private final PrintStream out;

    public ConsoleChannel(PrintStream out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String target() {
        return TYPE;
    }

    @Override
    public DeliveryResult send(Alert alert, String deliveryId) {
        String line = line(alert);
        synchronized (out) {
            out.println(line);
        }
        return out.checkError() ? DeliveryResult.permanent(null, "the console stream reported a write error")
                : DeliveryResult.delivered(null);
    }

    /**
     * The line for {@code alert}, e.g. {@code 2026-11-20T10:15:30.123Z CRITICAL scope_escalation agent=did:web:x
     * tenant=t1 — Asked for admin:all (alert 1a2b3c4d…, ×3)}. The time is {@code detectedAt}, the event time of the
     * occurrence being reported; {@code ×n} appears only once an alert has repeated.
     */
    public static String line(Alert alert) {
        StringBuilder line = new StringBuilder(160)
                .append(TIME.format(alert.getDetectedAt())).append(' ')
                .append(padRight(alert.getSeverity().name().toUpperCase(Locale.ROOT))).append(' ')
                .append(clean(alert.getRuleId()));
        if (alert.getCalibrating()) {
            line.append(" [calibrating]");
        }
        line.append(" agent=").append(clean(alert.getAgentId()))
                .append(" tenant=").append(clean(alert.getTenantId()))
                .append(" — ").append(clean(alert.getDescription()))
                .append(" (alert ").append(shortId(clean(alert.getAlertId())));
        if (alert.getOccurrences() > 1) {
            line.append(", ×").append(alert.getOccurrences());
        }
        return line.append(')').toString();
    }

    private static String padRight(String text) {
        return text.length() >= SEVERITY_WIDTH ? text : text + " ".repeat(SEVERITY_WIDTH - text.length());
    }

    private static String shortId(String id) {
        return id.length() <= SHORT_ID_LENGTH ? id : id.substring(0, SHORT_ID_LENGTH) + "…";
    }

    private static String clean(String text) {
        return text == null ? "-" : text.strip().replaceAll("[\\r\\n\\t]+", " ").replaceAll("\\p{Cntrl}", "?");
    }
}

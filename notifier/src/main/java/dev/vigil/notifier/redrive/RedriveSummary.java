package dev.vigil.notifier.redrive;

/**
 * The counts of one redrive: failed deliveries found, and what became of them — delivered, failed again, or skipped
 * (the alert is no longer on the alerts topic, the channel is gone or disabled, or its severity filter now drops
 * the alert). In a dry run nothing is sent: {@code delivered} and {@code failedAgain} stay zero and
 * {@code skipped} counts what would be skipped.
 */
public record RedriveSummary(int found, int delivered, int failedAgain, int skipped, boolean dryRun) {

    /** True when every delivery found went through (or none was found); never for a dry run that found some. */
    public boolean allDelivered() {
        return delivered == found;
    }

    /** The closing line, e.g. {@code redrive: 3 failed deliveries found, 2 delivered, 1 failed again, 0 skipped (…)}. */
    public String line() {
        String deliveries = found + " failed deliver" + (found == 1 ? "y" : "ies") + " found";
        if (dryRun) {
            return "redrive (dry run): " + deliveries + ", " + (found - skipped) + " would be re-sent, " + skipped
                    + " would be skipped (alert not found / channel gone); nothing sent";
        }
        return "redrive: " + deliveries + ", " + delivered + " delivered, " + failedAgain + " failed again, " + skipped
                + " skipped (alert not found / channel gone)";
    }
}

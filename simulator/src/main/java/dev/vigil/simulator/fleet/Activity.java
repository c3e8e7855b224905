package dev.vigil.simulator.fleet;

/**
 * When and how busy an agent is. Inside its window an agent makes Poisson arrivals at {@code busyRate} events per
 * hour, or, for a cron agent, one burst per hour; outside its window it does nothing at all, so any event there
 * is an anomaly a detector may rightly flag.
 *
 * @param busyRate     events per hour inside the window at the start of the run
 * @param growthPerDay relative growth of the rate per day of the run (0.04 is 4 %/day, compounding); 0 for most
 * @param cron         the hourly burst of a cron agent, or null for Poisson traffic
 */
public record Activity(Schedule schedule, double busyRate, double growthPerDay, CronBurst cron) {

    /**
     * A cron job: every hour, {@code size} events (give or take a tenth) starting at minute :00 within
     * {@code jitterSeconds}, spread over {@code lengthSeconds}.
     */
    public record CronBurst(int size, int lengthSeconds, int jitterSeconds) {
    }

    /** The factor the rate has grown by {@code days} into the run. */
    public double growth(double days) {
        return growthPerDay == 0 || days <= 0 ? 1 : Math.pow(1 + growthPerDay, days);
    }
}

package dev.vigil.simulator.fleet;

import dev.vigil.simulator.random.Purpose;
import dev.vigil.simulator.random.Rng;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Draws a fleet of agents with their own habits from a seed. Each agent is drawn from its own random stream, so
 * agent 7 is the same agent whatever the size of the fleet. The fleet holds the cases that make detection hard:
 * <ul>
 *   <li>most agents keep office hours (weekdays, 09:00–17:00 local for most); 15 % of them do not declare the
 *       window in their profile, so their hours must be learned;</li>
 *   <li>15 % are nightly batch jobs with a declared window across midnight (opening 22:00–02:00, 4–6 hours);</li>
 *   <li>10 % work weekends (Saturday and Sunday, some also Friday), 40 % of them without a declared window;</li>
 *   <li>3 % are cron jobs: around the clock, one burst of 35–55 calls within a few minutes of every full hour;</li>
 *   <li>every tenth agent (numbers 3, 13, 23, …) runs around the clock without a declared window, so that even a
 *       small fleet has someone at work at any hour, which a short demo at the weekend needs;</li>
 *   <li>15 % of the Poisson agents grow steadily, 3–5 % a day over the run (compounding: 1.5–2× in a
 *       fortnight) — growth, not a spike;</li>
 *   <li>30 % of agents with two or more addresses run their first two behind one grant;</li>
 *   <li>40 % of the agents holding the scope of a delete or admin action use it, from their first hour on.</li>
 * </ul>
 * An agent never works outside its window, declared or not. About one in ten agents acts on a delegation from
 * another agent of its tenant; 70 % of agents declare their home country as the only allowed one.
 */
public final class FleetFactory {

    private static final int ALWAYS_ON_EVERY = 10;
    private static final int ALWAYS_ON_OFFSET = 3;
    private static final double BATCH_SHARE = 0.15;
    private static final double WEEKEND_SHARE = 0.10;
    private static final double CRON_SHARE = 0.03;
    private static final double UNDECLARED_OFFICE_SHARE = 0.15;
    private static final double UNDECLARED_WEEKEND_SHARE = 0.40;
    private static final double GROWTH_SHARE = 0.15;
    private static final double SHARED_GRANT_SHARE = 0.30;
    private static final double ELEVATED_SHARE = 0.40;
    private static final double CHILD_SHARE = 0.10;
    private static final double HOME_PLACE_SHARE = 0.75;
    private static final double DECLARES_COUNTRIES_SHARE = 0.70;
    private static final double DELEGATION_WEIGHT = 0.02;
    private static final double FLEET_MEAN_COST_USD = 0.08;
    private static final int MIN_SCOPES = 4;
    private static final int MAX_SCOPES = 8;
    private static final Set<DayOfWeek> WEEKDAYS = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);

    private FleetFactory() {
    }

    /** A fleet of {@code size} agents for the run {@code seed}. */
    public static Fleet build(int size, long seed) {
        return build(size, seed, 0);
    }

    /** The same, with at least the first {@code alwaysOn} agents working around the clock. */
    public static Fleet build(int size, long seed, int alwaysOn) {
        Rng fleetRng = Rng.of(seed, Purpose.FLEET);
        List<Agent> agents = new ArrayList<>(size);
        Map<String, List<String>> parentCandidates = new HashMap<>();
        for (int number = 1; number <= size; number++) {
            Catalogue.Tenant tenant = fleetRng.pick(Catalogue.TENANTS);
            List<String> candidates = parentCandidates.computeIfAbsent(tenant.id(), t -> new ArrayList<>());
            String parent = !candidates.isEmpty() && fleetRng.chance(CHILD_SHARE) ? fleetRng.pick(candidates) : null;
            Agent agent = agent(number, tenant, parent, seed, number <= alwaysOn);
            if (parent == null) {
                candidates.add(agent.agentId());
            }
            agents.add(agent);
        }
        return new Fleet(withChildren(agents));
    }

    private static List<Agent> withChildren(List<Agent> agents) {
        Map<String, List<String>> children = new LinkedHashMap<>();
        for (Agent agent : agents) {
            if (agent.parentAgentId() != null) {
                children.computeIfAbsent(agent.parentAgentId(), p -> new ArrayList<>()).add(agent.agentId());
            }
        }
        return agents.stream()
                .map(a -> a.withChildren(children.getOrDefault(a.agentId(), List.of())))
                .toList();
    }

    private static Agent agent(int number, Catalogue.Tenant tenant, String parent, long seed, boolean alwaysOn) {
        Rng rng = Rng.of(seed, Purpose.AGENT, number);
        Catalogue.Role role = alwaysOn || number % ALWAYS_ON_EVERY == ALWAYS_ON_OFFSET
                ? rng.pick(Catalogue.ALWAYS_ON_ROLES) : role(rng);
        Catalogue.Place place = rng.chance(HOME_PLACE_SHARE)
                ? Catalogue.PLACES.get(tenant.homePlace()) : rng.pick(Catalogue.PLACES);
        String name = role.name() + "-" + number;
        String agentId = "did:web:agents." + tenant.id() + ".example:" + name;
        Activity activity = activity(role, place, rng);
        List<String> scopes = scopes(role, rng);
        double authorization = rng.uniform(0.18, 0.28);
        double receipt = rng.uniform(0.08, 0.16);
        EventMix mix = new EventMix(authorization, 1 - authorization - receipt, receipt, DELEGATION_WEIGHT);
        return new Agent(number, agentId, tenant.id(), name, rng.nextLong(), activity, scopes,
                tools(scopes, tenant.id(), rng), models(rng), principals(role, tenant.id(), rng), network(place, rng),
                signing(name, seed, number), mix, new FailureRates(rng.uniform(0.003, 0.015), rng.uniform(0.01, 0.04)),
                rng.chance(DECLARES_COUNTRIES_SHARE) ? List.of(place.country()) : List.of(),
                budget(activity, mix), parent, List.of());
    }

    private static Catalogue.Role role(Rng rng) {
        double r = rng.uniform();
        if (r < WEEKEND_SHARE) {
            return rng.pick(Catalogue.WEEKEND_ROLES);
        }
        if (r < WEEKEND_SHARE + BATCH_SHARE) {
            return rng.pick(Catalogue.BATCH_ROLES);
        }
        return r < WEEKEND_SHARE + BATCH_SHARE + CRON_SHARE ? rng.pick(Catalogue.CRON_ROLES) : rng.pick(Catalogue.OFFICE_ROLES);
    }

    private static Activity activity(Catalogue.Role role, Catalogue.Place place, Rng rng) {
        Schedule schedule = schedule(role.kind(), place, rng);
        double rate = rng.uniform(18, 26);
        if (Catalogue.CRON_ROLES.contains(role)) {
            return new Activity(schedule, rate, 0, new Activity.CronBurst(rng.between(35, 55), rng.between(40, 150), 20));
        }
        return new Activity(schedule, rate, rng.chance(GROWTH_SHARE) ? rng.uniform(0.03, 0.05) : 0, null);
    }

    private static Schedule schedule(Schedule.Kind kind, Catalogue.Place place, Rng rng) {
        return switch (kind) {
            case OFFICE -> {
                Schedule office = rng.chance(0.85)
                        ? new Schedule(kind, place.zone(), WEEKDAYS, LocalTime.of(9, 0), LocalTime.of(17, 0))
                        : new Schedule(kind, place.zone(), WEEKDAYS, LocalTime.of(rng.between(7, 10), 0),
                                LocalTime.of(rng.between(16, 19), 0));
                yield rng.chance(UNDECLARED_OFFICE_SHARE) ? office.undeclared() : office;
            }
            case NIGHTLY_BATCH -> {
                int startHour = (22 + rng.between(0, 4)) % 24;
                yield new Schedule(kind, place.zone(), EnumSet.allOf(DayOfWeek.class), LocalTime.of(startHour, 0),
                        LocalTime.of((startHour + rng.between(4, 6)) % 24, 0));
            }
            case ALWAYS_ON -> Schedule.alwaysOn(place.zone());
            case WEEKEND -> {
                Schedule weekend = new Schedule(kind, place.zone(),
                        rng.chance(0.7) ? EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY)
                                : EnumSet.of(DayOfWeek.FRIDAY, DayOfWeek.SATURDAY, DayOfWeek.SUNDAY),
                        LocalTime.of(rng.between(8, 10), 0), LocalTime.of(rng.between(17, 20), 0));
                yield rng.chance(UNDECLARED_WEEKEND_SHARE) ? weekend.undeclared() : weekend;
            }
        };
    }

    private static List<String> scopes(Catalogue.Role role, Rng rng) {
        int count = rng.between(MIN_SCOPES, Math.min(MAX_SCOPES, role.scopes().size()));
        List<String> scopes = new ArrayList<>(role.scopes().subList(0, 2));
        scopes.addAll(rng.sample(role.scopes().subList(2, role.scopes().size()), count - 2));
        return scopes.stream().sorted().toList();
    }

    private static List<ToolHabit> tools(List<String> scopes, String tenant, Rng rng) {
        List<ToolHabit> tools = new ArrayList<>();
        for (Catalogue.ToolAction action : Catalogue.TOOL_ACTIONS) {
            if (scopes.contains(action.scope()) && (!action.elevated() || rng.chance(ELEVATED_SHARE))) {
                List<String> resources = new ArrayList<>();
                int count = rng.between(3, 12);
                for (int i = 0; i < count; i++) {
                    resources.add(String.format(action.resourceTemplate(), tenant, rng.between(1, 999)));
                }
                double bytesMedian = action.writes() ? logUniform(rng, 1_000, 50_000) : logUniform(rng, 2_000, 200_000);
                tools.add(new ToolHabit(action, rng.uniform(1, 4), resources, bytesMedian, logUniform(rng, 1, 50),
                        logUniform(rng, 60, 900)));
            }
        }
        return tools;
    }

    private static ModelHabit models(Rng rng) {
        return new ModelHabit(rng.pick(Catalogue.EVERYDAY_MODELS), rng.pick(Catalogue.HEAVY_MODELS),
                rng.uniform(0.07, 0.13));
    }

    private static List<String> principals(Catalogue.Role role, String tenant, Rng rng) {
        if (role.kind() == Schedule.Kind.NIGHTLY_BATCH || Catalogue.CRON_ROLES.contains(role)) {
            return List.of("svc:" + role.name() + "@" + tenant + ".example");
        }
        return rng.sample(Catalogue.PEOPLE, rng.between(1, 3)).stream().map(p -> "user:" + p + "@" + tenant + ".example").toList();
    }

    private static Network network(Catalogue.Place place, Rng rng) {
        List<String> ips = new ArrayList<>();
        int count = rng.between(1, 3);
        while (ips.size() < count) {
            String ip = rng.pick(Catalogue.NETWORKS) + rng.between(1, 254);
            if (!ips.contains(ip)) {
                ips.add(ip);
            }
        }
        return new Network(place.country(), place.region(), ips, rng.chance(SHARED_GRANT_SHARE));
    }

    /** Derived from the run seed and the agent's number only, so the key is stable however the fleet is drawn. */
    private static Signing signing(String name, long seed, int number) {
        return Signing.draw(name + "-k1", Rng.of(seed, Purpose.SIGNING_KEY, number));
    }

    /**
     * About four times the expected daily spend at the start of the run, rounded up to ten dollars: generous (a
     * growing agent stays well inside it), yet a real limit.
     */
    private static BigDecimal budget(Activity activity, EventMix mix) {
        double perHour = activity.cron() == null ? activity.busyRate() : activity.cron().size();
        double expected = perHour * activity.schedule().hoursPerOpening() * mix.receipt() * FLEET_MEAN_COST_USD;
        long dollars = Math.max(20, (long) Math.ceil(expected * 4 / 10) * 10);
        return BigDecimal.valueOf(dollars);
    }

    private static double logUniform(Rng rng, double low, double high) {
        return Math.exp(rng.uniform(Math.log(low), Math.log(high)));
    }
}

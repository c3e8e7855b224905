package dev.vigil.simulator.fleet;

import dev.vigil.avro.Capability;
import java.time.ZoneId;
import java.util.List;

/**
 * The world the simulated fleet lives in: tenants, places, roles, tools and scopes. Kept in one place so a
 * reader sees at a glance what normal traffic can contain — and, by {@link #ESCALATION_SCOPES}, what it never
 * contains.
 */
public final class Catalogue {

    /** A tenant and the zone most of its agents run in. */
    public record Tenant(String id, int homePlace) {
    }

    /** A zone and the geo its agents' traffic resolves to. Only whole-hour offsets (see {@link Schedule}). */
    public record Place(ZoneId zone, String country, String region) {
    }

    /** A job an agent does: its name, when it works, and the scopes it may hold (the first two it always holds). */
    public record Role(String name, Schedule.Kind kind, List<String> scopes) {
    }

    /**
     * One thing a tool does, the scope it needs, and what it acts on ({@code %s} tenant, {@code %d} a number).
     * Only some of the agents holding the scope of a delete or admin action use it (see FleetFactory).
     */
    public record ToolAction(String tool, String actionType, Capability capability, String scope, String resourceTemplate) {

        public boolean writes() {
            return capability != Capability.read;
        }

        /** A delete or admin action: more than reading or writing. */
        public boolean elevated() {
            return capability == Capability.delete || capability == Capability.admin;
        }
    }

    /** An LLM with illustrative list prices in USD per million tokens, and its usual output share of tokens. */
    public record Model(String provider, String name, double inputPerMillion, double outputPerMillion, double outputRatio) {
    }

    public static final List<Tenant> TENANTS = List.of(
            new Tenant("acme", 0), new Tenant("globex", 3), new Tenant("initech", 2), new Tenant("umbrella", 5));

    public static final List<Place> PLACES = List.of(
            new Place(ZoneId.of("America/New_York"), "US", "NY"),
            new Place(ZoneId.of("America/Chicago"), "US", "IL"),
            new Place(ZoneId.of("America/Los_Angeles"), "US", "CA"),
            new Place(ZoneId.of("Europe/London"), "GB", "ENG"),
            new Place(ZoneId.of("Europe/Berlin"), "DE", "BE"),
            new Place(ZoneId.of("Asia/Tokyo"), "JP", "13"),
            new Place(ZoneId.of("Australia/Sydney"), "AU", "NSW"));

    public static final List<Role> OFFICE_ROLES = List.of(
            new Role("support-agent", Schedule.Kind.OFFICE,
                    List.of("tickets:read", "tickets:write", "email:read", "email:send", "chat:write", "docs:read", "crm:read")),
            new Role("sales-assistant", Schedule.Kind.OFFICE,
                    List.of("crm:read", "crm:write", "email:send", "calendar:read", "calendar:write", "docs:read", "web:search")),
            new Role("code-reviewer", Schedule.Kind.OFFICE,
                    List.of("repo:read", "repo:write", "tickets:read", "chat:write", "docs:read", "web:search")),
            new Role("billing-bot", Schedule.Kind.OFFICE,
                    List.of("payments:read", "crm:read", "email:send", "db:read", "files:write", "tickets:write")),
            new Role("research-agent", Schedule.Kind.OFFICE,
                    List.of("web:search", "docs:read", "docs:write", "files:read", "chat:write", "email:read")),
            new Role("ops-copilot", Schedule.Kind.OFFICE,
                    List.of("tickets:read", "chat:read", "chat:write", "repo:read", "db:read", "docs:read", "files:read")),
            new Role("recruiting-assistant", Schedule.Kind.OFFICE,
                    List.of("email:read", "email:send", "calendar:read", "calendar:write", "docs:read", "files:read")));

    public static final List<Role> BATCH_ROLES = List.of(
            new Role("data-pipeline", Schedule.Kind.NIGHTLY_BATCH,
                    List.of("db:read", "db:write", "files:read", "files:write", "chat:write")),
            new Role("report-builder", Schedule.Kind.NIGHTLY_BATCH,
                    List.of("db:read", "files:write", "docs:write", "email:send", "crm:read", "payments:read")),
            new Role("index-refresher", Schedule.Kind.NIGHTLY_BATCH,
                    List.of("docs:read", "files:read", "repo:read", "db:write", "web:search")));

    public static final List<Role> WEEKEND_ROLES = List.of(
            new Role("weekend-support", Schedule.Kind.WEEKEND,
                    List.of("tickets:read", "tickets:write", "chat:write", "email:send", "docs:read", "crm:read")),
            new Role("on-call-triage", Schedule.Kind.WEEKEND,
                    List.of("tickets:read", "chat:read", "chat:write", "repo:read", "db:read", "docs:read")));

    /** Cron jobs: around the clock, one burst of calls at the top of every hour. */
    public static final List<Role> CRON_ROLES = List.of(
            new Role("sync-worker", Schedule.Kind.ALWAYS_ON,
                    List.of("crm:read", "db:write", "db:read", "files:write", "chat:write", "tickets:read")),
            new Role("metrics-exporter", Schedule.Kind.ALWAYS_ON,
                    List.of("db:read", "files:write", "chat:write", "docs:read", "repo:read")));

    public static final List<Role> ALWAYS_ON_ROLES = List.of(
            new Role("support-chatbot", Schedule.Kind.ALWAYS_ON,
                    List.of("tickets:read", "chat:write", "docs:read", "tickets:write", "email:send", "crm:read")),
            new Role("monitoring-agent", Schedule.Kind.ALWAYS_ON,
                    List.of("db:read", "chat:write", "tickets:write", "repo:read", "files:read", "docs:read")));

    public static final List<ToolAction> TOOL_ACTIONS = List.of(
            new ToolAction("github", "repo.get_file", Capability.read, "repo:read", "repo:%s/service-%d"),
            new ToolAction("github", "repo.list_pull_requests", Capability.read, "repo:read", "repo:%s/service-%d"),
            new ToolAction("github", "repo.create_pull_request", Capability.write, "repo:write", "repo:%s/service-%d"),
            new ToolAction("gmail", "email.search", Capability.read, "email:read", "mailbox:team-%2$d@%1$s.example"),
            new ToolAction("gmail", "email.send", Capability.write, "email:send", "mailbox:team-%2$d@%1$s.example"),
            new ToolAction("salesforce", "crm.query", Capability.read, "crm:read", "crm:%s/Account/%d"),
            new ToolAction("salesforce", "crm.update_record", Capability.write, "crm:write", "crm:%s/Opportunity/%d"),
            new ToolAction("jira", "tickets.search", Capability.read, "tickets:read", "jira:%s/SUP-%d"),
            new ToolAction("jira", "tickets.comment", Capability.write, "tickets:write", "jira:%s/SUP-%d"),
            new ToolAction("slack", "chat.history", Capability.read, "chat:read", "slack:%s/#channel-%d"),
            new ToolAction("slack", "chat.post_message", Capability.write, "chat:write", "slack:%s/#channel-%d"),
            new ToolAction("postgres", "db.select", Capability.read, "db:read", "pg:%s-prod/table_%d"),
            new ToolAction("postgres", "db.insert", Capability.write, "db:write", "pg:%s-prod/table_%d"),
            new ToolAction("s3", "files.get_object", Capability.read, "files:read", "s3://%s-data/part-%05d"),
            new ToolAction("s3", "files.put_object", Capability.write, "files:write", "s3://%s-reports/report-%05d"),
            new ToolAction("gcal", "calendar.list_events", Capability.read, "calendar:read", "calendar:%s/room-%d"),
            new ToolAction("gcal", "calendar.create_event", Capability.write, "calendar:write", "calendar:%s/room-%d"),
            new ToolAction("stripe", "payments.list_charges", Capability.read, "payments:read", "stripe:%s/cus_%d"),
            new ToolAction("confluence", "docs.get_page", Capability.read, "docs:read", "wiki:%s/page-%d"),
            new ToolAction("confluence", "docs.update_page", Capability.write, "docs:write", "wiki:%s/page-%d"),
            new ToolAction("web", "web.search", Capability.read, "web:search", "web:query-%2$d"),
            new ToolAction("github", "repo.delete_branch", Capability.delete, "repo:write", "repo:%s/service-%d"),
            new ToolAction("github", "repo.update_branch_protection", Capability.admin, "repo:write", "repo:%s/service-%d"),
            new ToolAction("salesforce", "crm.delete_record", Capability.delete, "crm:write", "crm:%s/Lead/%d"),
            new ToolAction("jira", "tickets.delete", Capability.delete, "tickets:write", "jira:%s/SUP-%d"),
            new ToolAction("slack", "chat.archive_channel", Capability.admin, "chat:write", "slack:%s/#channel-%d"),
            new ToolAction("postgres", "db.delete_rows", Capability.delete, "db:write", "pg:%s-prod/table_%d"),
            new ToolAction("postgres", "db.alter_table", Capability.admin, "db:write", "pg:%s-prod/table_%d"),
            new ToolAction("s3", "files.delete_object", Capability.delete, "files:write", "s3://%s-reports/report-%05d"),
            new ToolAction("confluence", "docs.delete_page", Capability.delete, "docs:write", "wiki:%s/page-%d"),
            new ToolAction("gcal", "calendar.delete_event", Capability.delete, "calendar:write", "calendar:%s/room-%d"));

    /**
     * Places no agent of the fleet lives in: a country from here is never one an agent works from or declares, so
     * traffic from it is a geo anomaly for every agent.
     */
    public static final List<Place> FOREIGN_PLACES = List.of(
            new Place(ZoneId.of("America/Sao_Paulo"), "BR", "SP"),
            new Place(ZoneId.of("Asia/Singapore"), "SG", "01"),
            new Place(ZoneId.of("Europe/Amsterdam"), "NL", "NH"),
            new Place(ZoneId.of("Asia/Kolkata"), "IN", "MH"),
            new Place(ZoneId.of("Africa/Johannesburg"), "ZA", "GT"),
            new Place(ZoneId.of("Europe/Bucharest"), "RO", "B"),
            new Place(ZoneId.of("Asia/Ho_Chi_Minh"), "VN", "SG"),
            new Place(ZoneId.of("Africa/Lagos"), "NG", "LA"));

    /** The people of each tenant (as {@code user:<name>@<tenant>.example}) that agents act for. */
    public static final List<String> PEOPLE = List.of("alice", "bob", "carol", "dave", "erin", "frank", "grace",
            "heidi", "ivan", "judy", "nina", "oscar", "peggy", "rupert", "sybil", "trent", "victor", "wendy");

    /**
     * Scopes that no role holds and normal traffic never requests: asking for one is a scope escalation.
     */
    public static final List<String> ESCALATION_SCOPES = List.of(
            "admin:*", "payments:write", "iam:write", "secrets:read", "db:admin", "org:admin", "repo:admin", "files:delete");

    /** Everyday models, most calls go to one of these. */
    public static final List<Model> EVERYDAY_MODELS = List.of(
            new Model("openai", "gpt-4o", 2.50, 10.00, 0.12),
            new Model("anthropic", "claude-3-5-haiku", 0.80, 4.00, 0.20),
            new Model("anthropic", "claude-3-5-sonnet", 3.00, 15.00, 0.10),
            new Model("mistral", "mistral-large", 2.00, 6.00, 0.15));

    /** Expensive models an agent escalates hard tasks to. */
    public static final List<Model> HEAVY_MODELS = List.of(
            new Model("openai", "o1", 15.00, 60.00, 0.12),
            new Model("anthropic", "claude-3-opus", 15.00, 75.00, 0.10));

    /** Source networks (RFC 5737 documentation ranges), so simulated addresses never name a real host. */
    public static final List<String> NETWORKS = List.of("192.0.2.", "198.51.100.", "203.0.113.");

    private Catalogue() {
    }
}

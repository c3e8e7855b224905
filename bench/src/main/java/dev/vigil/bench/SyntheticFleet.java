package dev.vigil.bench;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.AgentProfile;
import dev.vigil.avro.AuthorizationAction;
import dev.vigil.avro.AuthorizationPayload;
import dev.vigil.avro.Budget;
import dev.vigil.avro.Capability;
import dev.vigil.avro.DelegationAction;
import dev.vigil.avro.DelegationPayload;
import dev.vigil.avro.Geo;
import dev.vigil.avro.Outcome;
import dev.vigil.avro.ReceiptPayload;
import dev.vigil.avro.ToolCallPayload;
import dev.vigil.receipt.Ed25519Keys;
import dev.vigil.receipt.ReceiptSignatures;
import java.math.BigDecimal;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Plain, steady fleet traffic for the benchmark: every agent registered with a profile and a signing key, events
 * of all four kinds in event-time order, receipts signed as a proxy would sign them. Deterministic for a seed so
 * two runs process the same input. It holds no attacks: the benchmark measures the cost of watching normal
 * traffic, which is what a fleet sends almost all the time.
 */
final class SyntheticFleet {

    static final String KEY_ID = "bench-key-1";
    private static final Instant START = Instant.parse("2026-01-05T00:00:00Z");
    private static final Duration SPAN = Duration.ofDays(2);
    private static final List<String> TOOLS = List.of("github", "postgres", "slack", "s3", "jira", "shell");
    private static final List<String> SCOPES = List.of("repo:read", "repo:write", "db:read", "chat:write", "files:read");
    private static final List<String> COUNTRIES = List.of("US", "DE", "GB", "FR", "JP");
    private static final List<String> MODELS = List.of("gpt-4o", "claude-sonnet-4", "gemini-2.5-pro");

    private final int agents;
    private final long seed;
    private final List<KeyPair> keys;

    SyntheticFleet(int agents, long seed) {
        this.agents = agents;
        this.seed = seed;
        this.keys = IntStream.range(0, agents).parallel().mapToObj(i -> Ed25519Keys.fromSeed(keySeed(i))).toList();
    }

    static String agentId(int index) {
        return String.format("did:web:agents.bench.example:agent-%04d", index);
    }

    static String tenantId(int index) {
        return "tenant-" + (index % 20);
    }

    List<AgentProfile> profiles() {
        List<AgentProfile> profiles = new ArrayList<>(agents);
        for (int i = 0; i < agents; i++) {
            profiles.add(AgentProfile.newBuilder()
                    .setAgentId(agentId(i))
                    .setTenantId(tenantId(i))
                    .setName("bench agent " + i)
                    .setRegisteredScopes(SCOPES)
                    .setBudget(Budget.newBuilder().setAmountUsd(usd(500_000_000L)).setPeriod("P1D").build())
                    .setPublicKeys(Map.of(KEY_ID, Ed25519Keys.encodePublic(keys.get(i).getPublic())))
                    .build());
        }
        return profiles;
    }

    /** Event number {@code n} of {@code total}: the same n, total and seed always give the same event. Thread-safe. */
    AgentEvent event(long n, long total) {
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + n);
        int agent = pickAgent(random);
        return event(n, agent, START.plusMillis(SPAN.toMillis() * n / total), random);
    }

    /** Event number {@code n}, of agent number {@code agent}, at {@code at}; the same arguments give the same event. */
    AgentEvent event(long n, int agent, Instant at) {
        return event(n, agent, at, new SplittableRandom(seed * 1_000_003L + n));
    }

    static Instant start() {
        return START;
    }

    private AgentEvent event(long n, int agent, Instant at, SplittableRandom random) {
        AgentEvent.Builder event = AgentEvent.newBuilder()
                .setEventId("bench-" + seed + "-" + n)
                .setTenantId(tenantId(agent))
                .setAgentId(agentId(agent))
                .setPrincipalId("user-" + (agent % 97))
                .setOccurredAt(at)
                .setSourceIp("10.0." + (agent % 250) + "." + (agent % 7 + 1))
                .setGeo(Geo.newBuilder().setCountry(COUNTRIES.get(agent % COUNTRIES.size())).setRegion(null).build())
                .setOutcome(outcome(random));
        int kind = random.nextInt(100);
        if (kind < 30) {
            return event.setPayload(authorization(random, agent)).build();
        }
        if (kind < 75) {
            return event.setPayload(toolCall(random)).build();
        }
        if (kind < 95) {
            return signedReceipt(event, random, agent, n);
        }
        return event.setPayload(delegation(random, agent)).build();
    }

    /** Busy agents and quiet ones: squaring a uniform draw sends most events to the lower indexes. */
    private int pickAgent(SplittableRandom random) {
        double u = random.nextDouble();
        return (int) (u * u * agents);
    }

    private static Outcome outcome(SplittableRandom random) {
        int roll = random.nextInt(100);
        return roll < 95 ? Outcome.success : roll < 98 ? Outcome.denied : Outcome.error;
    }

    private static AuthorizationPayload authorization(SplittableRandom random, int agent) {
        return AuthorizationPayload.newBuilder()
                .setAction(AuthorizationAction.values()[random.nextInt(4)])
                .setGrantId("grant-" + agent)
                .setTokenJti("jti-" + random.nextLong(1L << 40))
                .setScopes(List.of(SCOPES.get(random.nextInt(SCOPES.size()))))
                .setLatencyMs(5L + random.nextInt(80))
                .build();
    }

    private static ToolCallPayload toolCall(SplittableRandom random) {
        String tool = TOOLS.get(random.nextInt(TOOLS.size()));
        return ToolCallPayload.newBuilder()
                .setTool(tool)
                .setCapability(random.nextInt(10) < 8 ? Capability.read : Capability.write)
                .setActionType(tool + ":call")
                .setResource(tool + "/item-" + random.nextInt(500))
                .setBytesRead((long) random.nextInt(50_000))
                .setBytesWritten((long) random.nextInt(5_000))
                .setRecords((long) random.nextInt(200))
                .setPayloadBytes((long) random.nextInt(4_000))
                .setLatencyMs(10L + random.nextInt(400))
                .build();
    }

    private AgentEvent signedReceipt(AgentEvent.Builder event, SplittableRandom random, int agent, long n) {
        long input = 200 + random.nextInt(4_000);
        long output = 50 + random.nextInt(1_500);
        ReceiptPayload receipt = ReceiptPayload.newBuilder()
                .setReceiptId("rcpt-" + seed + "-" + n)
                .setProvider("bench-llm")
                .setModel(MODELS.get(random.nextInt(MODELS.size())))
                .setInputTokens(input)
                .setOutputTokens(output)
                .setCostUsd(usd(input * 3 + output * 12))
                .setBudgetId("budget-" + agent)
                .setKeyId(KEY_ID)
                .build();
        AgentEvent receiptEvent = event.setPayload(receipt).build();
        // The canonical form leaves the signature out, so the event can be signed in place.
        receipt.setSignature(ReceiptSignatures.sign(receiptEvent, keys.get(agent).getPrivate()));
        return receiptEvent;
    }

    private static DelegationPayload delegation(SplittableRandom random, int agent) {
        return DelegationPayload.newBuilder()
                .setAction(random.nextInt(10) < 8 ? DelegationAction.create : DelegationAction.revoke)
                .setChildAgentId(agentId(agent) + ":child-" + random.nextInt(5))
                .setDepth(1)
                .build();
    }

    /** Micro-dollars as the decimal(18, 6) the schema carries. */
    private static BigDecimal usd(long micros) {
        return BigDecimal.valueOf(micros, 6).setScale(6);
    }

    private byte[] keySeed(int agent) {
        byte[] bytes = new byte[32];
        new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (agent + 1))).nextBytes(bytes);
        return bytes;
    }
}

package dev.vigil.simulator.attack;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.ReceiptPayload;
import dev.vigil.simulator.fleet.Agent;
import dev.vigil.simulator.fleet.Signing;
import dev.vigil.simulator.random.Purpose;
import dev.vigil.simulator.random.Rng;
import dev.vigil.simulator.traffic.EventFactory;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code signature_failure}: one or two receipts within a minute whose signature does not hold, in one of three
 * ways, taken in turn by the attacks of the kind: the cost was lowered after signing (spend hidden from the budget), the receipt was signed with a key that
 * is not the one the profile publishes under its key id, or it names a key id the profile does not know. Model,
 * tokens and cost are an ordinary call's, so nothing but the signature is wrong.
 */
public final class SignatureFailureAttack implements AttackKind {

    public static final String RULE = "signature_failure";

    /** How the receipt's signature fails. */
    enum Forgery {
        TAMPERED_COST("cost lowered after signing"),
        WRONG_KEY("signed with a key other than the one published under its key id"),
        UNKNOWN_KEY("signed under a key id the profile does not publish");

        private final String description;

        Forgery(String description) {
            this.description = description;
        }
    }

    @Override
    public String rule() {
        return RULE;
    }

    @Override
    public Optional<Attack> plan(AttackContext context, Agent target, Rng rng) {
        int count = rng.between(1, 2);
        Duration length = count == 1 ? Duration.ZERO : context.length(rng, 5, 60);
        Optional<Instant> start = Slots.inWindow(target.activity().schedule(), context, Duration.ZERO, length, rng);
        if (start.isEmpty()) {
            return Optional.empty();
        }
        Forgery forgery = context.turn(List.of(Forgery.values()));
        long seed = rng.nextLong();
        Instant end = start.get().plus(length);
        String description = count + " receipt(s) " + forgery.description;
        return Optional.of(new Attack(RULE, target.agentId(), target.number(), start.get(), end, description,
                () -> events(target, start.get(), end, count, forgery, seed)));
    }

    private static List<AgentEvent> events(Agent target, Instant start, Instant end, int count, Forgery forgery,
                                           long seed) {
        Rng rng = Rng.of(seed, Purpose.ATTACK_EVENTS);
        EventFactory factory = new EventFactory(target);
        Signing forger = Signing.draw(forgery == Forgery.UNKNOWN_KEY ? target.name() + "-k2" : target.signing().keyId(),
                Rng.of(seed, Purpose.SIGNING_KEY));
        return Slots.spread(start, end, count, rng).stream().map(at -> {
            AgentEvent event = factory.receipt(at, rng);
            ReceiptPayload receipt = (ReceiptPayload) event.getPayload();
            switch (forgery) {
                case TAMPERED_COST -> receipt.setCostUsd(lowered(receipt.getCostUsd()));
                case WRONG_KEY -> receipt.setSignature(forger.sign(event));
                case UNKNOWN_KEY -> {
                    receipt.setKeyId(forger.keyId());
                    receipt.setSignature(forger.sign(event));
                }
            }
            return event;
        }).toList();
    }

    /** A tenth of the (positive) cost, rounded down to the micro-dollar: never the signed amount. */
    private static BigDecimal lowered(BigDecimal cost) {
        return cost.divide(BigDecimal.TEN, 6, RoundingMode.DOWN);
    }
}

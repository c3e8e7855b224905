package dev.vigil.simulator.fleet;

import java.util.List;

/** Where the agent's traffic comes from: its home geo and its one to three egress addresses. */
public record Network(String country, String region, List<String> sourceIps) {

    public Network {
        sourceIps = List.copyOf(sourceIps);
    }
}

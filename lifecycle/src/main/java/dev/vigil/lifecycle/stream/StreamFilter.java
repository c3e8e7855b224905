package dev.vigil.lifecycle.stream;

import java.util.Set;

/**
 * Which events a client receives: the types it asked for (empty: all) and, when set, only one tenant's. The tenant
 * is the one place a caller's scope applies: once API keys exist, the key's tenant is set here.
 */
public record StreamFilter(Set<EventType> types, String tenantId) {

    public static final StreamFilter ALL = new StreamFilter(Set.of(), null);

    public StreamFilter {
        types = Set.copyOf(types);
    }

    public boolean accepts(StreamEvent event) {
        return (types.isEmpty() || types.contains(event.type()))
                && (tenantId == null || tenantId.equals(event.tenantId()));
    }
}

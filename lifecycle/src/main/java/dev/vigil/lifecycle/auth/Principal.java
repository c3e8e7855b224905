package dev.vigil.lifecycle.auth;

import java.util.Objects;

/**
 * Who is calling: the key's id, its tenant ({@value #ALL_TENANTS} for an operator key that spans tenants), its role
 * and a name recorded as the actor of what it does.
 */
public record Principal(String keyId, String tenant, Role role, String name) {

    public static final String ALL_TENANTS = "*";

    /** The caller of an API whose authentication is switched off (a trusted network, tests). */
    public static final Principal UNAUTHENTICATED = new Principal("-", ALL_TENANTS, Role.ADMIN, null);

    public Principal {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(role, "role");
    }

    /** True for a key that spans every tenant. */
    public boolean operator() {
        return ALL_TENANTS.equals(tenant);
    }

    /** True when this caller may see and change what belongs to {@code tenantId}. */
    public boolean mayAccess(String tenantId) {
        return operator() || tenant.equals(tenantId);
    }

    /** The actor written into the events this caller causes: the key's name, else {@code key:<id>}. */
    public String actor() {
        return name != null ? name : "key:" + keyId;
    }
}

package dev.vigil.lifecycle.api;

import dev.vigil.lifecycle.auth.ApiKeys;
import dev.vigil.lifecycle.auth.Principal;
import dev.vigil.lifecycle.auth.Role;
import dev.vigil.lifecycle.cluster.ClusterRoutes;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.Map;
import java.util.Optional;

/**
 * Who may call what, in one place. Every request but {@code GET /health}, {@code GET /metrics} and
 * {@code GET /openapi.json} must carry
 * {@code Authorization: Bearer <key>}: none or a wrong one is a 401 (the same answer for an unknown key and a wrong
 * secret, and for a path that does not exist, so nothing about keys or routes leaks); a role too low, or a tenant key on
 * a route that spans tenants (rules, channels and silences change what happens to every tenant), is a 403. Reads need
 * {@link Role#VIEWER}, actions on alerts and agents {@link Role#RESPONDER}, changes to rules, channels, silences and
 * the agent registry, and killing an agent, {@link Role#ADMIN}. Tenant scoping of what a route returns is done by the
 * route with {@link #principal}: another tenant's alert is a 404, as if it did not exist. The internal routes under
 * {@code /internal/} are the cluster's ({@link ClusterRoutes}), which require the cluster secret instead of a key.
 */
final class AccessControl {

    static final String ATTRIBUTE = "vigil.principal";
    private static final String[] SHARED = {"/v1/rules", "/v1/channels", "/v1/silences"};

    private AccessControl() {
    }

    /** Requires keys on every route (keys null: authentication off, every caller an operator admin). */
    static void register(Javalin app, ApiKeys keys) {
        app.before(ctx -> {
            if (keys == null) {
                ctx.attribute(ATTRIBUTE, Principal.UNAUTHENTICATED);
                return;
            }
            String path = ctx.path();
            if (ctx.method() == HandlerType.GET
                    && (path.equals("/health") || path.equals("/metrics") || path.equals(OpenApiRoutes.PATH))
                    || path.startsWith(ClusterRoutes.PREFIX)) {
                return;
            }
            Principal principal = bearer(ctx).flatMap(keys::authenticate).orElseThrow(() -> {
                ctx.header("WWW-Authenticate", "Bearer realm=\"vigil\"");
                return new ApiException(401, "a valid API key is required: Authorization: Bearer vk_…", Map.of());
            });
            Role needed = needed(ctx.method(), path);
            if (!principal.role().atLeast(needed)) {
                throw new ApiException(403, "this key's role " + principal.role().text() + " may not do this; it needs "
                        + needed.text(), Map.of());
            }
            if (spansTenants(path) && !principal.operator()) {
                throw new ApiException(403, "rules, channels and silences apply to every tenant: they need an operator key "
                        + "(tenant *)", Map.of());
            }
            ctx.attribute(ATTRIBUTE, principal);
        });
    }

    /** The caller of this request (authentication off: an operator admin). */
    static Principal principal(Context ctx) {
        Principal p = ctx.attribute(ATTRIBUTE);
        return p == null ? Principal.UNAUTHENTICATED : p;
    }

    /** The caller's key, when one was presented; empty when authentication is off. */
    static Optional<Principal> authenticated(Context ctx) {
        Principal p = ctx.attribute(ATTRIBUTE);
        return p == null || p == Principal.UNAUTHENTICATED ? Optional.empty() : Optional.of(p);
    }

    static Role needed(HandlerType method, String path) {
        if (method == HandlerType.GET || method == HandlerType.HEAD || method == HandlerType.OPTIONS
                || method == HandlerType.POST && path.equals("/v1/anomalies/detect")) {
            return Role.VIEWER;
        }
        return spansTenants(path) || AgentRoutes.needsAdmin(method, path) ? Role.ADMIN : Role.RESPONDER;
    }

    private static boolean spansTenants(String path) {
        for (String prefix : SHARED) {
            if (path.equals(prefix) || path.startsWith(prefix + "/")) {
                return true;
            }
        }
        return false;
    }

    private static Optional<String> bearer(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        return Optional.of(header.substring(7).trim());
    }
}

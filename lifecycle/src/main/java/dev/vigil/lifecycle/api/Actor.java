package dev.vigil.lifecycle.api;

import io.javalin.http.Context;

/**
 * Who is acting: the API key's name (or {@code key:<id>}) when the request was authenticated; with authentication off,
 * the {@value #HEADER} header, {@value #ANONYMOUS} without one (recorded as given, so bounded and printable).
 */
final class Actor {

    static final String HEADER = "X-Vigil-Actor";
    static final String ANONYMOUS = "anonymous";
    static final int MAX_LENGTH = 200;

    private Actor() {
    }

    static String of(Context ctx) {
        var key = AccessControl.authenticated(ctx);
        if (key.isPresent()) {
            return key.get().actor();
        }
        String header = ctx.header(HEADER);
        if (header == null || header.isBlank()) {
            return ANONYMOUS;
        }
        String actor = header.strip();
        if (actor.length() > MAX_LENGTH || actor.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.badRequest("header " + HEADER + " must be at most " + MAX_LENGTH
                    + " printable characters");
        }
        return actor;
    }
}

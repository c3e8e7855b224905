package dev.vigil.lifecycle.api;

import io.javalin.http.Context;

/**
 * Who is acting: the {@value #HEADER} header, {@value #ANONYMOUS} without one. A stand-in until issue 6 derives the
 * actor from the API key; it is recorded as given, so it is bounded and printable.
 */
final class Actor {

    static final String HEADER = "X-Vigil-Actor";
    static final String ANONYMOUS = "anonymous";
    static final int MAX_LENGTH = 200;

    private Actor() {
    }

    static String of(Context ctx) {
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

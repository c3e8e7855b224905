package dev.vigil.lifecycle.api;

/** Client-supplied text echoed in an error message, shortened so that an error never mirrors a huge input. */
final class Shown {

    private static final int MAX = 64;

    private Shown() {
    }

    static String shorten(String text) {
        return text.length() <= MAX ? text : text.substring(0, MAX) + "…";
    }
}

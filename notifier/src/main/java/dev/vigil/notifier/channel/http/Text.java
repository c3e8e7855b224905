package dev.vigil.notifier.channel.http;

/** Text cut to a receiver's length limit, visibly ({@code …}), never through the middle of a surrogate pair. */
public final class Text {

    private static final String ELLIPSIS = "…";

    private Text() {
    }

    /** {@code text} if it has at most {@code max} UTF-16 chars, else its start and {@code …}, {@code max} chars in all. */
    public static String truncate(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = max - ELLIPSIS.length();
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + ELLIPSIS;
    }
}

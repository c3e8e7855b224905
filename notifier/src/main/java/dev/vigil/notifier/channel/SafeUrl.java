package dev.vigil.notifier.channel;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * URLs as they may appear in logs and the ledger: {@code scheme://host[:port]/path}. The user-info, query and
 * fragment are dropped, because that is where webhook tokens and passwords live
 * ({@code https://hooks.example.com/in?token=…}).
 */
public final class SafeUrl {

    private static final Pattern URL_IN_TEXT = Pattern.compile("\\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\\s\"'<>]+");

    private SafeUrl() {
    }

    /** The loggable form of {@code uri}. */
    public static String of(URI uri) {
        StringBuilder out = new StringBuilder();
        if (uri.getScheme() != null) {
            out.append(uri.getScheme()).append("://");
        }
        if (uri.getHost() != null) {
            out.append(uri.getHost());
            if (uri.getPort() >= 0) {
                out.append(':').append(uri.getPort());
            }
        }
        if (uri.getRawPath() != null) {
            out.append(uri.getRawPath());
        }
        return out.toString();
    }

    /** {@code text} with every URL in it replaced by its loggable form (an unparsable one by {@code <url>}). */
    public static String redactUrlsIn(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = URL_IN_TEXT.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(safeOrPlaceholder(m.group())));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String safeOrPlaceholder(String url) {
        try {
            URI uri = new URI(url);
            return uri.getHost() == null ? "<url>" : of(uri);
        } catch (URISyntaxException e) {
            return "<url>";
        }
    }
}

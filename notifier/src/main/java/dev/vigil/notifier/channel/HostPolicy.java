package dev.vigil.notifier.channel;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The SSRF guard of every outbound channel: a channel's URL or host may not resolve to an address on this machine or
 * its private network (loopback, unspecified, link-local — cloud metadata lives at 169.254.169.254 — site-local,
 * IPv6 unique-local, multicast), because a user who can create a channel could otherwise make the notifier probe
 * internal services. A host or {@code host:port} in the configured allow-list is let through (an SMTP relay on the
 * private network, a test server on localhost).
 *
 * <p>Checked when a channel is created and again before each attempt, so a name that later resolves to a private
 * address (DNS rebinding) is caught at send time. Every address the name resolves to must be public.
 */
public final class HostPolicy {

    /** No allow-list: only public addresses. */
    public static final HostPolicy PUBLIC_ONLY = new HostPolicy(Set.of());

    /** The notifier's allow-list key, which a refusal names unless told another. */
    public static final String NOTIFIER_KEY = "vigil.notifier.allowed-hosts";

    private final Set<String> allowed;
    private final String configKey;

    /** @param allowed hosts or {@code host:port} pairs let through although they resolve to a private address */
    public HostPolicy(Set<String> allowed) {
        this(allowed, NOTIFIER_KEY);
    }

    /**
     * @param allowed   hosts or {@code host:port} pairs let through although they resolve to a private address
     * @param configKey the configuration key of {@code allowed}, named in a refusal so an operator knows where to allow
     *                  a host (the lifecycle service's channel tests have their own)
     */
    public HostPolicy(Set<String> allowed, String configKey) {
        this.allowed = allowed.stream().map(a -> a.trim().toLowerCase(Locale.ROOT)).filter(a -> !a.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        this.configKey = configKey;
    }

    /** Lets everything through: for tests of the channels themselves, never for the running app. */
    public static HostPolicy allowAll() {
        return new HostPolicy(Set.of("*"));
    }

    /** Null when {@code url} may be called, else the reason (without the URL's secrets). */
    public String refusal(URI url) {
        if (url.getHost() == null) {
            return "the URL has no host";
        }
        int port = url.getPort() >= 0 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
        return refusal(url.getHost(), port);
    }

    /** Null when {@code host:port} may be called, else the reason. */
    public String refusal(String host, int port) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (allowed.contains("*") || allowed.contains(h) || allowed.contains(h + ":" + port)) {
            return null;
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(h);
        } catch (UnknownHostException e) {
            return "host " + host + " does not resolve";
        }
        for (InetAddress a : addresses) {
            String kind = privateKind(a);
            if (kind != null) {
                return "host " + host + " resolves to " + kind + " address " + a.getHostAddress()
                        + "; refused unless allow-listed (" + configKey + ")";
            }
        }
        return null;
    }

    /** A name for the kind of non-public address, or null for a public one. */
    static String privateKind(InetAddress a) {
        if (a.isLoopbackAddress()) {
            return "a loopback";
        }
        if (a.isAnyLocalAddress()) {
            return "an unspecified";
        }
        if (a.isLinkLocalAddress()) {
            return "a link-local";
        }
        if (a.isSiteLocalAddress()) {
            return "a private";
        }
        if (a.isMulticastAddress()) {
            return "a multicast";
        }
        byte[] b = a.getAddress();
        if (b.length == 16 && (b[0] & 0xfe) == 0xfc) {
            return "a unique-local";
        }
        if (b.length == 4 && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64) {
            return "a carrier-grade NAT";
        }
        return null;
    }
}

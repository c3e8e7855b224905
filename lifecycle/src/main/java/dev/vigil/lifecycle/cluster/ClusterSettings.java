package dev.vigil.lifecycle.cluster;

import dev.vigil.lifecycle.LifecycleConfig;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.state.HostInfo;

/**
 * How this instance takes part in a group of lifecycle instances: the URL the others reach it at (which becomes
 * Kafka Streams' {@code application.server}, so that the group's metadata names every instance), the shared secret of
 * internal calls, and their timeouts.
 *
 * <p>Without an advertised URL (none configured and HTTP port 0, so the port is not known before the view starts)
 * the instance runs alone: it reads its local store and writes itself, as a single instance always did.
 */
public final class ClusterSettings {

    /** Accepts an empty value or {@code http(s)://host:port} with no path, query or user. */
    public static final ConfigDef.Validator ADVERTISED_URL_VALIDATOR = new ConfigDef.Validator() {
        @Override
        public void ensureValid(String name, Object value) {
            String text = value == null ? "" : value.toString().strip();
            if (!text.isEmpty()) {
                parse(name, text);
            }
        }

        @Override
        public String toString() {
            return "empty or http(s)://host:port";
        }
    };

    private static final Set<String> ANY_HOST = Set.of("0.0.0.0", "::", "[::]");

    private final Optional<URI> advertised;
    private final ClusterSecret secret;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final Duration forwardTimeout;

    public ClusterSettings(Optional<URI> advertised, ClusterSecret secret, Duration connectTimeout,
                           Duration requestTimeout, Duration forwardTimeout) {
        this.advertised = advertised;
        this.secret = secret;
        this.connectTimeout = connectTimeout;
        this.requestTimeout = requestTimeout;
        this.forwardTimeout = forwardTimeout;
    }

    /** From the service's config; a forwarded write may take the leader's write and view waits plus a request. */
    public static ClusterSettings from(LifecycleConfig config) {
        return new ClusterSettings(advertised(config), ClusterSecret.of(config.clusterSecret()),
                config.clusterConnectTimeout(), config.clusterRequestTimeout(),
                config.clusterRequestTimeout().plus(config.writeTimeout().multipliedBy(2)));
    }

    private static Optional<URI> advertised(LifecycleConfig config) {
        String configured = config.advertisedUrl().strip();
        if (!configured.isEmpty()) {
            return Optional.of(parse(LifecycleConfig.ADVERTISED_URL, configured));
        }
        if (config.httpPort() == 0) {
            return Optional.empty();
        }
        String host = ANY_HOST.contains(config.httpHost()) ? localAddress() : config.httpHost();
        return Optional.of(URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":"
                + config.httpPort()));
    }

    private static String localAddress() {
        try {
            return InetAddress.getLocalHost().getHostAddress();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    private static URI parse(String name, String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new ConfigException(name, text, "not a URL: " + e.getReason());
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new ConfigException(name, text, "must start with http:// or https://");
        }
        if (uri.getHost() == null || uri.getPort() < 1) {
            throw new ConfigException(name, text, "must name a host and a port, like http://10.0.0.5:8080");
        }
        if (uri.getUserInfo() != null || uri.getQuery() != null || uri.getFragment() != null
                || !(uri.getPath() == null || uri.getPath().isEmpty() || uri.getPath().equals("/"))) {
            throw new ConfigException(name, text, "must be a base URL only (no user, path, query or fragment)");
        }
        return URI.create(uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort());
    }

    /** Whether this instance can be reached by others, and so takes part in a group. */
    public boolean enabled() {
        return advertised.isPresent();
    }

    /** Kafka Streams' {@code application.server}: the advertised host and port. */
    public Optional<String> applicationServer() {
        return advertised.map(uri -> uri.getHost() + ":" + uri.getPort());
    }

    /** This instance as Kafka Streams' metadata names it. */
    public HostInfo self() {
        return HostInfo.buildFromEndpoint(applicationServer().orElseThrow(
                () -> new IllegalStateException("no advertised URL: this instance runs alone")));
    }

    /** The base URL of an instance the metadata names, with this instance's scheme (every instance has the same). */
    public URI urlOf(HostInfo host) {
        String scheme = advertised.map(URI::getScheme).orElse("http");
        String name = host.host().contains(":") ? "[" + host.host() + "]" : host.host();
        return URI.create(scheme + "://" + name + ":" + host.port());
    }

    public Optional<URI> advertised() {
        return advertised;
    }

    public ClusterSecret secret() {
        return secret;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration requestTimeout() {
        return requestTimeout;
    }

    public Duration forwardTimeout() {
        return forwardTimeout;
    }
}

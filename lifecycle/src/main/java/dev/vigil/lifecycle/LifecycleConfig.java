package dev.vigil.lifecycle;

import dev.vigil.core.config.CommonConfig;
import dev.vigil.core.config.Durations;
import dev.vigil.lifecycle.cluster.ClusterSettings;
import dev.vigil.lifecycle.stream.EventJournal;
import dev.vigil.lifecycle.stream.EventStream;
import dev.vigil.notifier.channel.HostPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Configuration of the lifecycle service: the shared keys of {@link CommonConfig} (the topic names among them) plus
 * the Streams identity of the views and the HTTP API. Parsed and validated once at construction, so a bad value
 * fails at start with a message that names the key. The write timeout also bounds a rule change's wait for Kafka.
 * The API also serves {@code /health} and {@code /metrics}; the ops port of {@link CommonConfig} serves the same
 * two endpoints, so probes address every Vigil app the same way.
 * Constructing it does not log; the launcher logs the effective config with secrets masked
 * ({@code EffectiveConfig}).
 */
public final class LifecycleConfig extends AbstractConfig {

    public static final int DEFAULT_OPS_PORT = 9403;

    public static final String APPLICATION_ID = StreamsConfig.APPLICATION_ID_CONFIG;
    public static final String STATE_DIR = StreamsConfig.STATE_DIR_CONFIG;
    public static final String HTTP_PORT = "vigil.lifecycle.http.port";
    public static final String HTTP_HOST = "vigil.lifecycle.http.host";
    public static final String WRITE_TIMEOUT = "vigil.lifecycle.write-timeout";
    public static final String CHANNELS_ALLOWED_HOSTS = "vigil.lifecycle.channels.allowed-hosts";
    public static final String SILENCES_MAX_DURATION = "vigil.lifecycle.silences.max-duration";
    public static final String API_KEYS = "vigil.lifecycle.api-keys";
    public static final String AUTH_ENABLED = "vigil.lifecycle.auth.enabled";
    public static final String STREAM_JOURNAL_SIZE = "vigil.lifecycle.stream.journal-size";
    public static final String STREAM_HEARTBEAT = "vigil.lifecycle.stream.heartbeat";
    public static final String STREAM_MAX_CLIENTS = "vigil.lifecycle.stream.max-clients";
    public static final String INCIDENTS_GAP = "vigil.lifecycle.incidents.gap";
    public static final String ADVERTISED_URL = "vigil.lifecycle.advertised-url";
    public static final String CLUSTER_SECRET = "vigil.lifecycle.cluster.secret";
    public static final String CLUSTER_CONNECT_TIMEOUT = "vigil.lifecycle.cluster.connect-timeout";
    public static final String CLUSTER_REQUEST_TIMEOUT = "vigil.lifecycle.cluster.request-timeout";

    private static final String DEFAULT_STATE_DIR =
            Path.of(System.getProperty("java.io.tmpdir"), "vigil-lifecycle").toString();

    public LifecycleConfig(Map<String, ?> values) {
        super(definition(), values, false);
    }

    public static ConfigDef definition() {
        return CommonConfig.define(new ConfigDef(), DEFAULT_OPS_PORT)
                .define(APPLICATION_ID, Type.STRING, "vigil-lifecycle", new ConfigDef.NonEmptyString(), Importance.HIGH,
                        "Kafka Streams application id of the alert view; instances with the same id share the work, "
                                + "and it prefixes the view's changelog topic.")
                .define(STATE_DIR, Type.STRING, DEFAULT_STATE_DIR, new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                        "Directory of the alert view's local state (RocksDB); on a persistent volume it spares a "
                                + "restore from the changelog at restart.")
                .define(HTTP_PORT, Type.INT, 8080, ConfigDef.Range.between(0, 65535), Importance.HIGH,
                        "Port of the HTTP API (also /health and /metrics); 0 takes a free port.")
                .define(HTTP_HOST, Type.STRING, "0.0.0.0", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                        "Interface the HTTP API listens on; 0.0.0.0 is every interface.")
                .define(WRITE_TIMEOUT, Type.STRING, "5s",
                        Durations.between(Duration.ofMillis(100), Duration.ofMinutes(5)), Importance.MEDIUM,
                        "How long an acknowledge or resolve waits for Kafka to confirm its event (past it: 503, "
                                + "outcome unknown), and then at most as long again for the alert view to show it "
                                + "(past it: 202, written but the view lags). Written 500ms, 5s, 2m or PT5S.")
                .define(CHANNELS_ALLOWED_HOSTS, Type.LIST, "", Importance.MEDIUM,
                        "Hosts or host:port pairs that POST /v1/channels/{name}/test may reach although they resolve "
                                + "to a loopback, private or link-local address (an SMTP relay on the private network); "
                                + "every other host must resolve to public addresses only (the SSRF guard). Comma-separated; "
                                + "empty: public addresses only.")
                .define(SILENCES_MAX_DURATION, Type.STRING, "7d",
                        Durations.between(Duration.ofMinutes(1), Duration.ofDays(366)), Importance.MEDIUM,
                        "Longest silence POST /v1/silences accepts, from its startsAt to its endsAt; a longer one is "
                                + "refused naming endsAt. Silences already on the topic are not judged again.")
                .define(API_KEYS, Type.LIST, "", new KeyList(), Importance.HIGH,
                        "The API keys the HTTP API accepts, as keyId:tenant:role:sha256hex[:name] entries (tenant * for an "
                                + "operator key across tenants; role viewer, responder or admin). Only the SHA-256 of each key "
                                + "is configured; create a key and its entry with: vigil lifecycle create-key --tenant T --role R.")
                .define(AUTH_ENABLED, Type.BOOLEAN, true, Importance.HIGH,
                        "false serves the API without API keys, every caller an operator admin (a trusted network, a "
                                + "demo); true requires at least one key in " + API_KEYS + ".")
                .define(STREAM_JOURNAL_SIZE, Type.INT, EventJournal.DEFAULT_CAPACITY, ConfigDef.Range.between(1, 1_000_000),
                        Importance.MEDIUM,
                        "How many of the latest events GET /v1/events/stream keeps in memory for Last-Event-ID resume; "
                                + "a client whose id is older gets a stream.gap event and the whole journal.")
                .define(STREAM_HEARTBEAT, Type.STRING, "15s",
                        Durations.between(Duration.ofMillis(100), Duration.ofSeconds(25)), Importance.LOW,
                        "How often the live stream sends a comment when no event was sent, so proxies keep the "
                                + "connection and clients notice a dead one; below Jetty's 30s idle timeout.")
                .define(STREAM_MAX_CLIENTS, Type.INT, EventStream.DEFAULT_MAX_CLIENTS, ConfigDef.Range.between(1, 10_000),
                        Importance.LOW,
                        "Most live-stream clients connected at once (each holds an HTTP thread); one more is answered "
                                + "503 with Retry-After.")
                .define(INCIDENTS_GAP, Type.STRING, "30m", Durations.between(Duration.ofSeconds(1), Duration.ofDays(7)),
                        Importance.MEDIUM,
                        "An alert joins its agent's current incident when it was detected at most this long from that "
                                + "incident's latest alert and the incident is not closed; otherwise it opens a new one "
                                + "(docs/incidents.md). A change applies to alerts from then on.")
                .define(ADVERTISED_URL, Type.STRING, "", ClusterSettings.ADVERTISED_URL_VALIDATOR, Importance.HIGH,
                        "This instance's base URL as the other lifecycle instances reach it (http://10.0.0.5:8080); "
                                + "it becomes Kafka Streams' application.server. Empty: the HTTP host and port (a "
                                + "wildcard host as this machine's address); with HTTP port 0 and no URL the instance "
                                + "runs alone. See README, Running several lifecycle instances.")
                .define(CLUSTER_SECRET, Type.PASSWORD, null, Importance.HIGH,
                        "Secret shared by the lifecycle instances, sent on their internal calls (reads of another "
                                + "instance's alerts, writes forwarded to the leader); the same on every instance. "
                                + "Unset: internal calls are refused, and /health answers 503 once several instances "
                                + "run.")
                .define(CLUSTER_CONNECT_TIMEOUT, Type.STRING, "1s",
                        Durations.between(Duration.ofMillis(50), Duration.ofMinutes(1)), Importance.LOW,
                        "How long an internal call waits to connect to another lifecycle instance.")
                .define(CLUSTER_REQUEST_TIMEOUT, Type.STRING, "5s",
                        Durations.between(Duration.ofMillis(100), Duration.ofMinutes(5)), Importance.LOW,
                        "How long an internal read waits for another instance's answer (past it the read answers "
                                + "503); a forwarded write waits this plus twice " + WRITE_TIMEOUT + ".");
    }

    public String applicationId() {
        return getString(APPLICATION_ID);
    }

    public String stateDir() {
        return getString(STATE_DIR);
    }

    public int httpPort() {
        return getInt(HTTP_PORT);
    }

    public String httpHost() {
        return getString(HTTP_HOST);
    }

    public Duration writeTimeout() {
        return Durations.parse(getString(WRITE_TIMEOUT));
    }

    /** The SSRF guard of channel tests, with {@value #CHANNELS_ALLOWED_HOSTS} as its allow-list. */
    public HostPolicy channelHosts() {
        return new HostPolicy(Set.copyOf(getList(CHANNELS_ALLOWED_HOSTS)), CHANNELS_ALLOWED_HOSTS);
    }

    public Duration silenceMaxDuration() {
        return Durations.parse(getString(SILENCES_MAX_DURATION));
    }

    /** The accepted keys, or null when authentication is off. */
    public dev.vigil.lifecycle.auth.ApiKeys apiKeys() {
        if (!getBoolean(AUTH_ENABLED)) {
            return null;
        }
        dev.vigil.lifecycle.auth.ApiKeys keys = dev.vigil.lifecycle.auth.ApiKeys.of(getList(API_KEYS));
        if (keys.isEmpty()) {
            throw new org.apache.kafka.common.config.ConfigException(API_KEYS + " is empty: create a key with `vigil lifecycle "
                    + "create-key --tenant '*' --role admin` and add its entry, or set " + AUTH_ENABLED + "=false on a trusted network");
        }
        return keys;
    }

    /** The key entries, each checked as {@link dev.vigil.lifecycle.auth.ApiKeys#of} checks it (never echoing a hash). */
    private static final class KeyList implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            try {
                dev.vigil.lifecycle.auth.ApiKeys.of(((java.util.List<?>) value).stream().map(String::valueOf).toList());
            } catch (IllegalArgumentException e) {
                throw new org.apache.kafka.common.config.ConfigException(name + ": " + e.getMessage());
            }
        }

        @Override
        public String toString() {
            return "keyId:tenant:role:sha256hex[:name], comma-separated";
        }
    }

    public int streamJournalSize() {
        return getInt(STREAM_JOURNAL_SIZE);
    }

    public Duration streamHeartbeat() {
        return Durations.parse(getString(STREAM_HEARTBEAT));
    }

    public int streamMaxClients() {
        return getInt(STREAM_MAX_CLIENTS);
    }

    public Duration incidentGap() {
        return Durations.parse(getString(INCIDENTS_GAP));
    }

    /** The configured advertised URL; empty when unset. */
    public String advertisedUrl() {
        return getString(ADVERTISED_URL);
    }

    /** The cluster secret; null when unset. Never log it. */
    public String clusterSecret() {
        Password secret = getPassword(CLUSTER_SECRET);
        return secret == null ? null : secret.value();
    }

    public Duration clusterConnectTimeout() {
        return Durations.parse(getString(CLUSTER_CONNECT_TIMEOUT));
    }

    public Duration clusterRequestTimeout() {
        return Durations.parse(getString(CLUSTER_REQUEST_TIMEOUT));
    }

    public int opsPort() {
        return getInt(CommonConfig.OPS_PORT);
    }
}

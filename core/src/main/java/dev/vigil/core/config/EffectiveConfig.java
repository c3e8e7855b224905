package dev.vigil.core.config;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.types.Password;

/**
 * The configuration an app actually runs with, one {@code key=value} per line, for the start-up log.
 * Secrets are masked: every {@link org.apache.kafka.common.config.ConfigDef.Type#PASSWORD} value, and any
 * pass-through key whose name suggests a credential (password, secret, token, jaas, key).
 */
public final class EffectiveConfig {

    static final String MASK = "[hidden]";

    private EffectiveConfig() {
    }

    public static String describe(AbstractConfig config) {
        Map<String, Object> shown = new TreeMap<>();
        config.values().forEach((key, value) -> shown.put(key, value instanceof Password ? MASK : value));
        config.originalsWithPrefix(CommonConfig.KAFKA_PREFIX, false).forEach((key, value) ->
                shown.put(key, looksSecret(key) ? MASK : value));
        StringBuilder out = new StringBuilder();
        shown.forEach((key, value) -> out.append("\n  ").append(key).append('=').append(value));
        return out.toString();
    }

    static boolean looksSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password") || k.contains("secret") || k.contains("token") || k.contains("jaas")
                || k.endsWith(".key") || k.contains("credentials") || k.contains("api-key") || k.contains("apikey");
    }
}

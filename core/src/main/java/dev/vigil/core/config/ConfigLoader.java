package dev.vigil.core.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Gathers an app's raw settings with a fixed precedence: defaults (in the {@link ConfigDef}) → properties
 * file → environment → command line. A key {@code a.b-c} is read from the environment as {@code A_B_C};
 * Kafka pass-through keys as {@code VIGIL_KAFKA_SECURITY_PROTOCOL} → {@code kafka.security.protocol}.
 * An unknown {@code vigil.*} key is an error that names it, because a typo there would silently keep a default.
 */
public final class ConfigLoader {

    private static final String KAFKA_ENV_PREFIX = "VIGIL_KAFKA_";

    private ConfigLoader() {
    }

    public static Map<String, String> load(ConfigDef def, Path file, Map<String, String> env, Map<String, String> overrides) {
        Map<String, String> values = new LinkedHashMap<>();
        if (file != null) {
            values.putAll(readFile(file));
        }
        for (String key : def.names()) {
            String fromEnv = env.get(envName(key));
            if (fromEnv != null) {
                values.put(key, fromEnv);
            }
        }
        env.forEach((name, value) -> {
            if (name.startsWith(KAFKA_ENV_PREFIX)) {
                String rest = name.substring(KAFKA_ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
                values.put(CommonConfig.KAFKA_PREFIX + rest, value);
            }
        });
        values.putAll(overrides);
        rejectUnknownVigilKeys(def, values.keySet());
        return values;
    }

    /** The environment variable that sets {@code key}. */
    public static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static Map<String, String> readFile(Path file) {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(reader);
        } catch (IOException e) {
            throw new ConfigException("Cannot read config file " + file + ": " + e.getMessage());
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : props.stringPropertyNames()) {
            values.put(name, props.getProperty(name).trim());
        }
        return values;
    }

    private static void rejectUnknownVigilKeys(ConfigDef def, Set<String> keys) {
        Set<String> unknown = new TreeSet<>();
        for (String key : keys) {
            if (key.startsWith("vigil.") && !def.names().contains(key)) {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            throw new ConfigException("Unknown configuration key(s) " + unknown + "; known keys: " + new TreeSet<>(def.names()));
        }
    }
}

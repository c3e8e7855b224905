package dev.vigil.serde;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.config.ConfigException;

/** Chooses a registry client for a URL: {@code mem://NAME} is in-process, {@code http(s)://…} the REST API. */
public final class SchemaRegistries {

    /** The configuration key, named as in Confluent's serdes so existing configs carry over. */
    public static final String URL_CONFIG = "schema.registry.url";

    private static final Map<String, SchemaRegistryClient> HTTP_CLIENTS = new ConcurrentHashMap<>();

    private SchemaRegistries() {
    }

    public static SchemaRegistryClient forUrl(String url) {
        if (url == null || url.isBlank()) {
            throw new ConfigException(URL_CONFIG, url, "a schema registry URL is required (http://host:port or mem://NAME)");
        }
        String trimmed = url.trim();
        if (trimmed.startsWith("mem://")) {
            String name = trimmed.substring("mem://".length());
            if (name.isEmpty()) {
                throw new ConfigException(URL_CONFIG, url, "mem:// needs a name, e.g. mem://demo");
            }
            return MemorySchemaRegistry.named(name);
        }
        if (trimmed.startsWith("http://") || trimmed.startsWith("https://")) {
            String first = trimmed.split(",")[0].trim();
            return HTTP_CLIENTS.computeIfAbsent(first, HttpSchemaRegistryClient::new);
        }
        throw new ConfigException(URL_CONFIG, url, "must start with http://, https:// or mem://");
    }
}

package dev.vigil.core.config;

import org.apache.kafka.common.config.ConfigDef;

/** Renders a {@link ConfigDef} as a Markdown table for the README and {@code vigil run --help-config}. */
public final class ConfigDocs {

    private ConfigDocs() {
    }

    public static String markdown(ConfigDef def) {
        StringBuilder out = new StringBuilder("| key | env | type | default | meaning |\n|---|---|---|---|---|\n");
        for (ConfigDef.ConfigKey key : new java.util.TreeMap<>(def.configKeys()).values()) {
            String dflt = !key.hasDefault() ? "(required)" : key.defaultValue == null ? "" : String.valueOf(key.defaultValue);
            out.append("| `").append(key.name).append("` | `").append(ConfigLoader.envName(key.name)).append("` | ")
                    .append(key.type.name().toLowerCase()).append(" | ").append(dflt.isEmpty() || !key.hasDefault() ? dflt : "`" + dflt + "`")
                    .append(" | ").append(key.documentation).append(" |\n");
        }
        return out.toString();
    }
}

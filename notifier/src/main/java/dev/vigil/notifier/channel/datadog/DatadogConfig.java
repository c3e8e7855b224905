package dev.vigil.notifier.channel.datadog;

import dev.vigil.notifier.channel.ChannelSettingsException;
import dev.vigil.notifier.channel.http.HttpSettings;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The Datadog channel's settings: {@code apiKey} (required), {@code site} (default {@value #DEFAULT_SITE}; one of
 * {@link #SITES}), {@code intakeUrl} (optional: the full https URL to POST events to instead of
 * {@code https://api.<site>/api/v1/events}, for a proxy or a test) and {@code timeout} (default 10s). {@code intakeUrl}
 * here is always the resolved URL. The API key is the secret: it can write to the whole Datadog organisation.
 */
public record DatadogConfig(String apiKey, String site, URI intakeUrl, Duration timeout) {

    public static final String API_KEY = "apiKey";
    public static final String SITE = "site";
    public static final String INTAKE_URL = "intakeUrl";
    public static final String DEFAULT_SITE = "datadoghq.com";
    /** Datadog's sites, each with its own API host {@code api.<site>}. */
    public static final List<String> SITES = List.of(
            "datadoghq.com", "us3.datadoghq.com", "us5.datadoghq.com", "datadoghq.eu", "ap1.datadoghq.com", "ddog-gov.com");

    private static final Set<String> KEYS = Set.of(API_KEY, SITE, INTAKE_URL, HttpSettings.TIMEOUT);
    /** Printable ASCII without spaces: anything else cannot be a key and would break (or inject into) the header. */
    private static final Pattern API_KEY_FORM = Pattern.compile("[\\x21-\\x7E]{1,256}");

    public DatadogConfig {
        if (apiKey == null || !API_KEY_FORM.matcher(apiKey).matches()) {
            throw new ChannelSettingsException(HttpSettings.field(API_KEY),
                    "must be a Datadog API key: printable characters without spaces, at most 256");
        }
        if (site == null || !SITES.contains(site)) {
            throw new ChannelSettingsException(HttpSettings.field(SITE),
                    "unknown Datadog site '" + site + "'; one of " + String.join(", ", SITES));
        }
        HttpSettings.checkEndpoint(INTAKE_URL, intakeUrl);
        HttpSettings.checkTimeout(timeout);
    }

    /** The settings of a {@code datadog} channel config; a {@link ChannelSettingsException} names the bad key. */
    public static DatadogConfig from(Map<String, String> settings) {
        Map<String, String> s = settings == null ? Map.of() : settings;
        HttpSettings.onlyKnown(s, KEYS);
        String site = HttpSettings.optional(s, SITE);
        site = site == null ? DEFAULT_SITE : site.toLowerCase(Locale.ROOT);
        String intake = HttpSettings.optional(s, INTAKE_URL);
        URI intakeUrl = intake != null ? HttpSettings.url(INTAKE_URL, intake)
                : SITES.contains(site) ? eventsUrl(site) : null;
        return new DatadogConfig(HttpSettings.required(s, API_KEY), site, intakeUrl, HttpSettings.timeout(s));
    }

    /** The Events API v1 URL of {@code site}. */
    public static URI eventsUrl(String site) {
        return URI.create("https://api." + site + "/api/v1/events");
    }

    @Override
    public String toString() {
        return "DatadogConfig[apiKey=***, site=" + site + ", intakeUrl=" + intakeUrl + ", timeout=" + timeout + "]";
    }
}

package dev.vigil.notifier.channel;

/**
 * A channel configuration that cannot work, naming the setting ({@code settings.webhookUrl}, {@code severities}) and
 * the reason; the message never contains a secret's value. The API answers it with 400; the notifier logs it and
 * leaves the channel out.
 */
public final class ChannelSettingsException extends IllegalArgumentException {

    private final String field;
    private final String reason;

    public ChannelSettingsException(String field, String reason) {
        super("field '" + field + "': " + reason);
        this.field = field;
        this.reason = reason;
    }

    public String field() {
        return field;
    }

    public String reason() {
        return reason;
    }
}

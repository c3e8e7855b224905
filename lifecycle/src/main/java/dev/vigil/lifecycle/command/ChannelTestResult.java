package dev.vigil.lifecycle.command;

/**
 * How the one test delivery of {@code POST /v1/channels/{name}/test} went.
 *
 * @param delivered  whether the receiver took it
 * @param statusCode the receiver's answer where there is one (HTTP status), else null
 * @param reason     why it failed, masked of the channel's secrets; null when delivered
 */
public record ChannelTestResult(boolean delivered, Integer statusCode, String reason) {

    /** {@code delivered} or {@code failed}, as the API answers. */
    public String outcome() {
        return delivered ? "delivered" : "failed";
    }
}

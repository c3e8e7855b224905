package dev.vigil.lifecycle.api;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * Reads a request body with a hard size limit, whether or not the client sent a Content-Length, so that a large
 * or endless body costs at most the limit. Over it the answer is 413 Payload Too Large.
 */
final class RequestBody {

    static final int MAX_BYTES = 64 * 1024;

    private RequestBody() {
    }

    static byte[] read(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > MAX_BYTES) {
            throw tooLarge();
        }
        try (InputStream in = ctx.bodyInputStream()) {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw tooLarge();
            }
            return bytes;
        } catch (IOException e) {
            throw ApiException.badRequest("the request body could not be read");
        }
    }

    private static ApiException tooLarge() {
        return new ApiException(413, "the request body is larger than " + MAX_BYTES + " bytes", Map.of());
    }
}

package dev.vigil.lifecycle.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.vigil.lifecycle.view.AlertViewJson;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Jetty's own error answers, for requests Javalin never sees (a malformed URI such as {@code /v1/rules/%00}, an
 * ambiguous encoded slash, a bad header), in the API's shape {@code {"error": "..."}} and without stack traces, so
 * a client parses every error the same way.
 */
final class JettyErrors extends ErrorHandler {

    private static final String JSON = "application/json";

    JettyErrors() {
        setShowStacks(false);
        setShowServlet(false);
        setShowMessageInTitle(false);
    }

    /** Errors found while parsing the request, before any handler runs. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        if (HttpStatus.hasNoBody(status)) {
            return null;
        }
        fields.put(HttpHeader.CONTENT_TYPE, JSON);
        return ByteBuffer.wrap(body(status, reason));
    }

    /** Errors of a parsed request that Jetty refuses (the servlet layer). */
    @Override
    protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request,
                                              HttpServletResponse response, int code, String message)
            throws IOException {
        byte[] body = body(code, message);
        response.setContentType(JSON);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static byte[] body(int status, String reason) {
        String message = reason == null || reason.isBlank() ? HttpStatus.getMessage(status) : reason;
        try {
            return AlertViewJson.MAPPER.writeValueAsBytes(Responses.object()
                    .put("error", "the request was refused: " + Shown.shorten(message)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON error", e);
        }
    }
}

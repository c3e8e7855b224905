package dev.vigil.lifecycle.api;

import io.javalin.Javalin;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /openapi.json}: the API's OpenAPI 3.1 document, written by hand in {@code openapi.json} next to the
 * classes. It is read once, at start, so a build without it fails at once rather than on the first request; no key is
 * needed ({@link AccessControl}), like {@code /health}. {@code OpenApiDocumentTest} holds the document to the routes
 * that exist and to the answers they give.
 */
final class OpenApiRoutes {

    static final String PATH = "/openapi.json";
    static final String RESOURCE = "/openapi.json";

    private final byte[] document;

    OpenApiRoutes() {
        this.document = load();
    }

    void register(Javalin app) {
        app.get(PATH, ctx -> ctx.contentType("application/json").result(document));
    }

    private static byte[] load() {
        try (InputStream in = OpenApiRoutes.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the OpenAPI document " + RESOURCE + " is not on the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the OpenAPI document " + RESOURCE, e);
        }
    }
}

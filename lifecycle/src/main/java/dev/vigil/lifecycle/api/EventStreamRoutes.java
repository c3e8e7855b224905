package dev.vigil.lifecycle.api;

import dev.vigil.lifecycle.stream.EventJournal;
import dev.vigil.lifecycle.stream.EventStream;
import dev.vigil.lifecycle.stream.EventType;
import dev.vigil.lifecycle.stream.StreamEvent;
import dev.vigil.lifecycle.stream.StreamEvents;
import dev.vigil.lifecycle.stream.StreamFilter;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * {@code GET /v1/events/stream}: the {@link EventJournal} as Server-Sent Events ({@code docs/events-stream.md}).
 *
 * <p>Each client is served by its request thread, which reads the journal through its own cursor and writes to its
 * own socket: a slow client holds only that thread, never the journal or another client. One whose cursor falls out
 * of the journal (the events it has not been sent were dropped) is disconnected, and its {@code Last-Event-ID}
 * brings it a {@code stream.gap} when it comes back. Concurrent clients are capped, since each holds a thread.
 */
final class EventStreamRoutes {

    static final String PATH = "/v1/events/stream";
    static final String LAST_EVENT_ID = "Last-Event-ID";
    static final String LAST_EVENT_ID_PARAM = "lastEventId";
    /** How long an EventSource waits before it reconnects. */
    static final Duration RETRY = Duration.ofSeconds(3);
    private static final int BATCH = 500;

    private final EventStream stream;
    private final Clock clock;
    private final OpaqueStreamIds opaqueIds = new OpaqueStreamIds();
    private final Counter lagging;

    EventStreamRoutes(EventStream stream, MeterRegistry meters, Clock clock) {
        this.stream = stream;
        this.clock = clock;
        Gauge.builder("vigil.lifecycle.stream.clients", stream, EventStream::clients)
                .description("Clients connected to the live event stream").register(meters);
        Gauge.builder("vigil.lifecycle.stream.journal.events", stream.journal(), EventJournal::size)
                .description("Events the live stream keeps for resume").register(meters);
        this.lagging = Counter.builder("vigil.lifecycle.stream.disconnects").tag("reason", "lagging")
                .description("Live-stream clients disconnected because they fell behind the journal").register(meters);
    }

    void register(Javalin app) {
        app.get(PATH, this::serve);
    }

    private void serve(Context ctx) throws IOException {
        StreamFilter filter = new StreamFilter(types(ctx), tenantScope(ctx));
        String lastEventId = lastEventId(ctx);
        // A tenant's key sees opaque ids (OpaqueStreamIds): no count of other tenants' events can be read from them.
        boolean opaque = !AccessControl.principal(ctx).operator();
        if (!stream.admit()) {
            ctx.header("Retry-After", Long.toString(RETRY.toSeconds()));
            throw new ApiException(503, "the live stream serves at most " + stream.maxClients()
                    + " clients at once; retry shortly", Map.of());
        }
        try {
            EventJournal.Resume resume = stream.journal().resume(opaque ? journalId(lastEventId) : lastEventId);
            SseOutput out = open(ctx);
            out.retry(RETRY);
            if (resume.gap().isPresent()) {
                EventJournal.Gap gap = resume.gap().get();
                if (opaque) {
                    // the journal's reasons name positions of the shared sequence: a tenant gets the fact alone
                    gap = new EventJournal.Gap(opaqueIds.encode(resume.afterSeq()),
                            "the stream cannot resume exactly after this id (unknown, from another run, or no longer kept)");
                }
                out.event(gap.id(), EventType.GAP, StreamEvents.gap(gap, lastEventId, clock.instant()));
            }
            out.flush();
            follow(out, resume.afterSeq(), filter, opaque);
        } catch (IOException e) {
            // The client went away; its Last-Event-ID brings it back to where it was.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stream.release();
        }
    }

    /** Sends the journal's entries after {@code afterSeq} that pass the filter, then each new one, until the end. */
    private void follow(SseOutput out, long afterSeq, StreamFilter filter, boolean opaque)
            throws IOException, InterruptedException {
        long cursor = afterSeq;
        long heartbeatNanos = stream.heartbeat().toNanos();
        long lastWrite = System.nanoTime();
        while (!stream.isClosed()) {
            long untilHeartbeat = Math.max(0, heartbeatNanos - (System.nanoTime() - lastWrite));
            EventJournal.Batch batch = stream.journal().read(cursor, BATCH, Duration.ofNanos(untilHeartbeat));
            if (batch.lagging()) {
                lagging.increment();
                out.comment("fell behind the journal; reconnect with Last-Event-ID");
                out.flush();
                return;
            }
            boolean wrote = false;
            for (StreamEvent event : batch.events()) {
                if (filter.accepts(event)) {
                    out.event(opaque ? opaqueIds.encode(event.seq()) : event.id(), event.type().wireName(), event.data());
                    wrote = true;
                }
                cursor = event.seq();
            }
            if (!wrote && System.nanoTime() - lastWrite >= heartbeatNanos) {
                out.comment("heartbeat");
                wrote = true;
            }
            if (wrote) {
                out.flush();
                lastWrite = System.nanoTime();
            }
        }
    }

    /** Status and headers of an event stream, written directly to the socket (no compression, no buffering). */
    private static SseOutput open(Context ctx) throws IOException {
        HttpServletResponse response = ctx.res();
        response.setStatus(200);
        response.setContentType("text/event-stream");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Accel-Buffering", "no");
        return new SseOutput(response.getOutputStream());
    }

    /** The types asked for ({@code ?types=a,b}, also repeated); none: every type. An unknown one is a 400 naming it. */
    private static Set<EventType> types(Context ctx) {
        Set<EventType> types = EnumSet.noneOf(EventType.class);
        for (String param : ctx.queryParams("types")) {
            for (String name : param.split(",")) {
                String trimmed = name.strip();
                if (trimmed.isEmpty() || trimmed.equals(EventType.GAP)) {
                    continue;
                }
                types.add(EventType.fromWireName(trimmed).orElseThrow(() -> ApiException.badRequest(
                        "unknown event type '" + Shown.shorten(trimmed) + "' in 'types'; known: "
                                + String.join(", ", EventType.wireNames()))));
            }
        }
        return types;
    }

    /**
     * The one tenant the stream is limited to, or null for all: the {@code tenant} parameter today. This is the
     * single point where a caller's API key will set it (issue 6), so no event of another tenant can pass.
     */
    /** The tenant whose events the stream carries: the key's own for a tenant key; any, or all, for an operator key. */
    private static String tenantScope(Context ctx) {
        List<String> values = ctx.queryParams("tenant");
        if (values.size() > 1) {
            throw ApiException.badRequest("give 'tenant' at most once");
        }
        String asked = values.isEmpty() || values.get(0).isBlank() ? null : values.get(0).strip();
        var caller = AccessControl.principal(ctx);
        if (caller.operator()) {
            return asked;
        }
        // A tenant's key streams its own tenant's events only; asking for another tenant is asking for nothing it may see.
        if (asked != null && !asked.equals(caller.tenant())) {
            throw ApiException.notFound("no tenant " + Shown.shorten(asked) + " for this key");
        }
        return caller.tenant();
    }

    /** The journal id behind a tenant's opaque id; one that is not ours stays a non-id (the journal's gap says so). */
    private String journalId(String lastEventId) {
        if (lastEventId == null) {
            return null;
        }
        OptionalLong seq = opaqueIds.decode(lastEventId);
        return seq.isPresent() ? stream.journal().idOf(seq.getAsLong()) : "not-an-id";
    }

    /** The {@value #LAST_EVENT_ID} header (what an EventSource sends on reconnect), else the query parameter. */
    private static String lastEventId(Context ctx) {
        String header = ctx.header(LAST_EVENT_ID);
        if (header != null && !header.isBlank()) {
            return header.strip();
        }
        String param = ctx.queryParam(LAST_EVENT_ID_PARAM);
        return param == null || param.isBlank() ? null : param.strip();
    }

    /** The SSE wire format; the data are single-line JSON, so each event has one data line. */
    private record SseOutput(OutputStream out) {

        void retry(Duration retry) throws IOException {
            write("retry: " + retry.toMillis() + "\n\n");
        }

        void event(String id, String type, String data) throws IOException {
            write("id: " + id + "\nevent: " + type + "\ndata: " + data + "\n\n");
        }

        void comment(String text) throws IOException {
            write(": " + text + "\n\n");
        }

        void flush() throws IOException {
            out.flush();
        }

        private void write(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }
}

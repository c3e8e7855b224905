package dev.vigil.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A Server-Sent Events client for tests over the JDK's HTTP client: it parses the stream as an EventSource does
 * (fields {@code id}, {@code event}, {@code data}, {@code retry}; comments; a blank line ends an event) into a queue
 * that the test reads with timeouts. {@link #close()} drops the connection, as a client that goes away.
 */
public final class SseTestClient implements AutoCloseable {

    /** One thing read from the stream: an event (id, event, data), a comment, or a retry hint. */
    public record Message(String id, String event, String data, String comment, Long retry) {

        public boolean isEvent() {
            return event != null || data != null;
        }
    }

    private static final Message END = new Message(null, null, null, null, null);

    private final HttpResponse<InputStream> response;
    private final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
    private final Thread reader;

    private SseTestClient(HttpResponse<InputStream> response) {
        this.response = response;
        this.reader = new Thread(this::readAll, "sse-test-client");
        reader.setDaemon(true);
        reader.start();
    }

    /** Opens {@code uri} with the given headers (name, value, name, value…) and starts reading. */
    public static SseTestClient connect(URI uri, String... headers) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return new SseTestClient(http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
    }

    public int status() {
        return response.statusCode();
    }

    public String contentType() {
        return response.headers().firstValue("Content-Type").orElse("");
    }

    /** The next message of any kind; fails when none comes within {@code timeout} or the stream ended. */
    public Message next(Duration timeout) throws InterruptedException {
        Message message = messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(message).as("a message within " + timeout).isNotNull();
        assertThat(message).as("the stream is still open").isNotSameAs(END);
        return message;
    }

    /** The next event, passing over comments and retry hints. */
    public Message nextEvent(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Message message = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (message.isEvent()) {
                return message;
            }
        }
    }

    public List<Message> nextEvents(int count, Duration timeout) throws InterruptedException {
        List<Message> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(nextEvent(timeout));
        }
        return events;
    }

    /** The events that arrive within {@code window}, comments passed over (to show that nothing more comes). */
    public List<Message> eventsWithin(Duration window) throws InterruptedException {
        List<Message> events = new ArrayList<>();
        long deadline = System.nanoTime() + window.toNanos();
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            Message message = messages.poll(left, TimeUnit.NANOSECONDS);
            if (message != null && message.isEvent()) {
                events.add(message);
            }
        }
        return events;
    }

    /** True once the server ended the stream (within {@code timeout}), whatever it sent before. */
    public boolean endsWithin(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            if (messages.poll(left, TimeUnit.NANOSECONDS) == END) {
                return true;
            }
        }
        return false;
    }

    private void readAll() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String id = null;
            String event = null;
            StringBuilder data = null;
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isEmpty()) {
                    if (id != null || event != null || data != null) {
                        messages.add(new Message(id, event, data == null ? null : data.toString(), null, null));
                    }
                    id = null;
                    event = null;
                    data = null;
                } else if (line.startsWith(":")) {
                    messages.add(new Message(null, null, null, line.substring(1).strip(), null));
                } else {
                    int colon = line.indexOf(':');
                    String field = colon < 0 ? line : line.substring(0, colon);
                    String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
                    switch (field) {
                        case "id" -> id = value;
                        case "event" -> event = value;
                        case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                        case "retry" -> messages.add(new Message(null, null, null, null, Long.parseLong(value)));
                        default -> { }
                    }
                }
            }
        } catch (IOException e) {
            // closed by the test, or by the server
        }
        messages.add(END);
    }

    /** Drops the connection. */
    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException e) {
            // already closed
        }
        reader.interrupt();
    }
}

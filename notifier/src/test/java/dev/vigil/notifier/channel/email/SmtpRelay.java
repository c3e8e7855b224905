package dev.vigil.notifier.channel.email;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A TCP front door on localhost for a real SMTP server (GreenMail) that a test can turn bad: pass connections through,
 * answer every new one with a temporary {@code 421} greeting and hang up, or accept and say nothing for a while. So a
 * channel pointed at one address meets a healthy server, a busy one and a stalled one in turn.
 */
public final class SmtpRelay implements AutoCloseable {

    private enum Mode { FORWARD, BUSY, SILENT }

    private final int backendPort;
    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "smtp-relay");
        t.setDaemon(true);
        return t;
    });
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile Mode mode = Mode.FORWARD;
    private volatile Duration silence = Duration.ZERO;

    public SmtpRelay(int backendPort) throws IOException {
        this.backendPort = backendPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.execute(this::acceptLoop);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** New connections reach the SMTP server. */
    public void forward() {
        mode = Mode.FORWARD;
    }

    /** New connections get {@code 421 4.3.2} ("try again later") and are closed, as a busy server does. */
    public void busy() {
        mode = Mode.BUSY;
    }

    /** New connections are accepted and get no byte for {@code delay}, then are closed. */
    public void silent(Duration delay) {
        silence = delay;
        mode = Mode.SILENT;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                open.add(client);
                Mode now = mode;
                threads.execute(() -> handle(client, now));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void handle(Socket client, Mode now) {
        try (client) {
            switch (now) {
                case BUSY -> {
                    client.getOutputStream().write("421 4.3.2 Service not available, try again later\r\n".getBytes(StandardCharsets.US_ASCII));
                    client.getOutputStream().flush();
                }
                case SILENT -> Thread.sleep(silence.toMillis());
                case FORWARD -> pipe(client);
            }
        } catch (IOException | InterruptedException ended) {
            // the client or the test went away: this connection is over
        } finally {
            open.remove(client);
        }
    }

    private void pipe(Socket client) throws IOException {
        try (Socket backend = new Socket(InetAddress.getLoopbackAddress(), backendPort)) {
            open.add(backend);
            threads.execute(() -> copy(backend, client));
            copy(client, backend);
        }
    }

    private void copy(Socket from, Socket to) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException ended) {
            // one side closed: the other copy ends on its own
        } finally {
            open.remove(from);
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        threads.shutdownNow();
    }
}

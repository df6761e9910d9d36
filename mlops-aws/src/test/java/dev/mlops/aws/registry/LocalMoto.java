package dev.mlops.aws.registry;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;

/** A moto server on a free loopback port for one test class; a stand-in until the shared fixture lands. */
public final class LocalMoto implements AutoCloseable {
    private final Process process;
    private final int port;

    private LocalMoto(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts moto and waits until it listens.
     *
     * @return the server
     */
    public static LocalMoto start() {
        try {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Process p = new ProcessBuilder("python3", "-m", "moto.server", "-H", "127.0.0.1", "-p", Integer.toString(port))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
            while (Instant.now().isBefore(deadline)) {
                try (Socket ignored = new Socket("127.0.0.1", port)) {
                    return new LocalMoto(p, port);
                } catch (IOException notYet) {
                    Thread.sleep(100);
                }
            }
            p.destroyForcibly();
            throw new AssertionError("moto did not listen on " + port + " within 30 s");
        } catch (IOException e) {
            throw new AssertionError("could not start moto: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** @return its URL */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public void close() {
        process.destroy();
    }
}

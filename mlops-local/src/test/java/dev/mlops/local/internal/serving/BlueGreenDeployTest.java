package dev.mlops.local.internal.serving;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BlueGreenDeployTest {

    /** Answers the row's sum plus an offset that tells which model answered. */
    record Offset(double offset) implements RowPredictor {
        @Override
        public int inputColumns() {
            return 2;
        }

        @Override
        public double predict(double[] row) {
            return row[0] + row[1] + offset;
        }
    }

    record Answer(long startedNanos, String status, String body, String variant) {
    }

    @Test
    void swapsModelsUnderLoadWithoutAFailedRequest() throws Exception {
        try (EndpointServer server = EndpointServer.builder("proj-prod").start()) {
            RowPredictor blue = new Offset(0);
            RowPredictor green = new Offset(100);
            double[] sample = {1, 2};
            server.deploy("blue", blue, sample);

            int clients = 4;
            AtomicBoolean stop = new AtomicBoolean();
            ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
            AtomicInteger ioFailures = new AtomicInteger();
            CountDownLatch running = new CountDownLatch(clients);
            List<Thread> threads = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                Thread t = new Thread(() -> hammer(server.port(), stop, answers, ioFailures, running));
                t.start();
                threads.add(t);
            }
            running.await();
            // Swap back and forth while the clients keep their keep-alive connections busy.
            for (int i = 0; i < 20; i++) {
                Thread.sleep(15);
                server.deploy(i % 2 == 0 ? "green" : "blue", i % 2 == 0 ? green : blue, sample);
            }
            server.deploy("green", green, sample);
            long greenFromNanos = System.nanoTime();
            Thread.sleep(100);
            stop.set(true);
            for (Thread t : threads) {
                t.join();
            }

            assertThat(ioFailures).hasValue(0);
            assertThat(answers).hasSizeGreaterThan(200);
            assertThat(answers).allSatisfy(a -> assertThat(a.status()).startsWith("HTTP/1.1 200"));
            // Every answer is exactly one model's value, consistent with the variant header.
            assertThat(answers).allSatisfy(a -> assertThat(a.body() + " " + a.variant())
                    .isIn("3.0\n blue", "103.0\n green"));
            assertThat(answers).anyMatch(a -> a.variant().equals("blue"));
            assertThat(answers).anyMatch(a -> a.variant().equals("green"));
            // Requests sent after the final deploy returned are all answered by green.
            List<Answer> late = answers.stream().filter(a -> a.startedNanos() > greenFromNanos).toList();
            assertThat(late).isNotEmpty().allSatisfy(a -> assertThat(a.body()).isEqualTo("103.0\n"));
        }
    }

    private static void hammer(int port, AtomicBoolean stop, ConcurrentLinkedQueue<Answer> answers,
            AtomicInteger ioFailures, CountDownLatch running) {
        byte[] request = ("POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\n"
                + "Content-Length: 3\r\n\r\n1,2").getBytes(StandardCharsets.US_ASCII);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            running.countDown();
            while (!stop.get()) {
                long started = System.nanoTime();
                out.write(request);
                out.flush();
                String response = EndpointServerTest.readResponse(in);
                String variant = "";
                for (String line : response.split("\r\n")) {
                    if (line.startsWith("X-Amzn-Invoked-Production-Variant:")) {
                        variant = line.substring(line.indexOf(':') + 1).trim();
                    }
                }
                String body = response.substring(response.indexOf("\r\n\r\n") + 4);
                answers.add(new Answer(started, response.substring(0, 12), body, variant));
            }
        } catch (Exception e) {
            ioFailures.incrementAndGet();
            running.countDown();
        }
    }

    @Test
    void closeLetsAnInFlightRequestFinish() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        RowPredictor slow = new RowPredictor() {
            @Override
            public int inputColumns() {
                return 1;
            }

            @Override
            public double predict(double[] row) {
                if (row[0] == 7) { // only the request, not the warm-up, is slow
                    entered.countDown();
                    try {
                        Thread.sleep(300);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return row[0] * 2;
            }
        };
        EndpointServer server = EndpointServer.builder("proj-staging").start();
        server.deploy("AllTraffic", slow, new double[] {1});
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.getOutputStream().write(("POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\n"
                    + "Content-Length: 1\r\n\r\n7").getBytes(StandardCharsets.US_ASCII));
            entered.await();
            Thread closer = new Thread(server::close);
            closer.start();
            String response = EndpointServerTest.readResponse(socket.getInputStream());
            closer.join();
            assertThat(response).startsWith("HTTP/1.1 200").contains("connection: close").endsWith("14.0\n");
        }
    }
}

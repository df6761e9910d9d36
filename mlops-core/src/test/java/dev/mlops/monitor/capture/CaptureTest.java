package dev.mlops.monitor.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.exception.ValidationException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptureTest {
    @TempDir
    Path dir;

    static final String REAL_CSV_LINE = "{\"captureData\":{\"endpointInput\":{\"observedContentType\":\"text/csv\","
            + "\"mode\":\"INPUT\",\"data\":\"61,0,260.0,1,0\",\"encoding\":\"CSV\"},\"endpointOutput\":"
            + "{\"observedContentType\":\"text/csv; charset=utf-8\",\"mode\":\"OUTPUT\",\"data\":\"0.5217539072036743\","
            + "\"encoding\":\"CSV\"}},\"eventMetadata\":{\"eventId\":\"8bdec035-7c2d-47f5-bcf9-b7be2c9aac0c\","
            + "\"inferenceId\":\"57\",\"inferenceTime\":\"2021-05-26T00:30:11Z\"},\"eventVersion\":\"0\"}";

    /** A settable clock for deterministic file names and rolls. */
    static final class TestClock extends Clock {
        final AtomicReference<Instant> now;

        TestClock(Instant start) {
            now = new AtomicReference<>(start);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }

    @Test
    void realCaptureLinesRoundTripByteForByte() throws IOException {
        assertThat(CaptureRecord.parse(REAL_CSV_LINE).toJsonLine()).isEqualTo(REAL_CSV_LINE);
        try (InputStream in = getClass().getResourceAsStream("/monitor-samples/capture_json_example.jsonl")) {
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
            assertThat(lines).hasSize(2);
            for (String line : lines) {
                CaptureRecord r = CaptureRecord.parse(line);
                assertThat(r.toJsonLine()).isEqualTo(line);
                assertThat(r.endpointInput().orElseThrow().encoding()).isEqualTo(CaptureData.Encoding.JSON);
                assertThat(r.inferenceId()).isNull();
                assertThat(r.joinKey()).isEqualTo(r.eventId());
            }
        }
    }

    @Test
    void payloadEncodingFollowsContentType() {
        assertThat(CaptureData.of("text/csv", CaptureData.Mode.INPUT, "1,2".getBytes(StandardCharsets.UTF_8)).encoding())
                .isEqualTo(CaptureData.Encoding.CSV);
        assertThat(CaptureData.of("application/json", CaptureData.Mode.INPUT, "{}".getBytes(StandardCharsets.UTF_8))
                .encoding()).isEqualTo(CaptureData.Encoding.JSON);
        CaptureData bin = CaptureData.of("application/x-npy", CaptureData.Mode.INPUT, new byte[] {0, 1, (byte) 255});
        assertThat(bin.encoding()).isEqualTo(CaptureData.Encoding.BASE64);
        assertThat(bin.data()).isEqualTo("AAH/");
        assertThat(bin.bytes()).containsExactly(0, 1, 255);
    }

    @Test
    void writerUsesTheSageMakerLayoutAndRollsFiles() throws IOException {
        TestClock clock = new TestClock(Instant.parse("2022-04-18T00:20:48.871Z"));
        CaptureData in = CaptureData.of("text/csv", CaptureData.Mode.INPUT, "1,2,3".getBytes(StandardCharsets.UTF_8));
        CaptureData out = CaptureData.of("text/csv; charset=utf-8", CaptureData.Mode.OUTPUT,
                "0.5".getBytes(StandardCharsets.UTF_8));
        try (CaptureWriter w = CaptureWriter.builder(dir, "my-endpoint").clock(clock).backgroundRoll(false).build()) {
            CaptureRecord first = w.capture("id-1", in, out);
            assertThat(first.inferenceId()).isEqualTo("id-1");
            // nothing visible before the file rolls
            assertThat(visibleFiles()).isEmpty();
            clock.now.set(Instant.parse("2022-04-18T00:21:50Z"));
            w.capture(null, in, out);
            clock.now.set(Instant.parse("2022-04-18T01:00:01Z"));
            w.capture(null, in, out);
        }
        List<Path> files = visibleFiles();
        assertThat(files).hasSize(3);
        assertThat(dir.relativize(files.get(0)).toString())
                .matches("my-endpoint/AllTraffic/2022/04/18/00/20-48-871-[0-9a-f-]{36}\\.jsonl");
        assertThat(dir.relativize(files.get(2)).toString()).startsWith("my-endpoint/AllTraffic/2022/04/18/01/00-01-000-");
        String line = Files.readString(files.get(0));
        assertThat(line).endsWith("\"inferenceId\":\"id-1\",\"inferenceTime\":\"2022-04-18T00:20:48Z\"},"
                + "\"eventVersion\":\"0\"}\n");
        List<CaptureRecord> all = CaptureFiles.in(dir).readAll();
        assertThat(all).hasSize(3);
        assertThat(all).extracting(r -> r.inferenceTime().toString())
                .containsExactly("2022-04-18T00:20:48Z", "2022-04-18T00:21:50Z", "2022-04-18T01:00:01Z");
        assertThat(CaptureFiles.in(dir).between(Instant.parse("2022-04-18T00:00:00Z"),
                Instant.parse("2022-04-18T01:00:00Z")).forEach(r -> { }))
                .isEqualTo(new CaptureScan(3, 2, 0, 1));
    }

    private List<Path> visibleFiles() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted().toList();
        }
    }

    @Test
    void samplingIsDeterministicPerInferenceIdAndNearThePercentage() {
        try (CaptureWriter w = CaptureWriter.builder(dir, "ep").samplingPercentage(20).backgroundRoll(false).build()) {
            int sampled = 0;
            for (int i = 0; i < 100_000; i++) {
                boolean s = w.sampled("req-" + i);
                assertThat(w.sampled("req-" + i)).isEqualTo(s);
                sampled += s ? 1 : 0;
            }
            assertThat(sampled).isBetween(19_000, 21_000);
            assertThat(w.capture("x", null, CaptureData.of("text/csv", CaptureData.Mode.OUTPUT, new byte[] {'1'}))
                    != null).isEqualTo(w.sampled("x"));
        }
        try (CaptureWriter none = CaptureWriter.builder(dir, "ep2").samplingPercentage(0).backgroundRoll(false)
                .build()) {
            assertThat(none.capture("x", null, CaptureData.of("text/csv", CaptureData.Mode.OUTPUT, new byte[] {'1'})))
                    .isNull();
        }
        assertThatThrownBy(() -> CaptureWriter.builder(dir, "ep").samplingPercentage(101))
                .isInstanceOf(ValidationException.class).hasMessageContaining("samplingPercentage");
    }

    @Test
    void concurrentWritersLoseNoRecords() throws Exception {
        CaptureData in = CaptureData.of("text/csv", CaptureData.Mode.INPUT, "1,2,3".getBytes(StandardCharsets.UTF_8));
        int threads = 4;
        int perThread = 5_000;
        // a buffer that holds every record, so the writer thread falling behind drops nothing: this checks the
        // hand-off between producers and the writer thread, not the drop policy (see dropsAndCountsWhenTheWriterIsBehind)
        long dropped;
        try (CaptureWriter w = CaptureWriter.builder(dir, "ep").bufferBytes(32 * 1024 * 1024).build()) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            for (int t = 0; t < threads; t++) {
                int tt = t;
                pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        w.capture(tt + "-" + i, in, null);
                    }
                });
            }
            pool.shutdown();
            assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            dropped = w.dropped();
        }
        CaptureScan scan = CaptureFiles.in(dir).forEach(r -> { });
        assertThat(dropped).isZero();
        assertThat(scan.records()).isEqualTo((long) threads * perThread);
        assertThat(scan.malformedLines()).isZero();
    }

    @Test
    void malformedLinesAreCountedNotFatal() throws IOException {
        Path hour = dir.resolve("ep/AllTraffic/2022/04/18/00");
        Files.createDirectories(hour);
        Files.writeString(hour.resolve("00-00-000-a.jsonl"), REAL_CSV_LINE + "\n{not json\n\n"
                + "{\"captureData\":{},\"eventMetadata\":{\"eventId\":\"x\",\"inferenceTime\":\"2022-04-18T00:00:00Z\"}}\n"
                + "{\"captureData\":{\"endpointInput\":{\"data\":\"1\",\"encoding\":\"CSV\"}},\"eventMetadata\":"
                + "{\"eventId\":\"y\",\"inferenceTime\":\"yesterday\"}}\n" + REAL_CSV_LINE.substring(0, 40));
        Files.writeString(hour.resolve(".01-00-000-b.jsonl.tmp"), "half a line");
        List<CaptureRecord> got = new ArrayList<>();
        CaptureScan scan = CaptureFiles.in(dir).forEach(got::add);
        assertThat(got).hasSize(1);
        assertThat(scan).isEqualTo(new CaptureScan(1, 1, 4, 0));
    }

    @Test
    void groundTruthMergeJoinsOnInferenceIdAndCountsLeftovers() throws IOException {
        Path caps = dir.resolve("capture");
        try (CaptureWriter w = CaptureWriter.builder(caps, "ep").rollInterval(Duration.ofHours(1)).backgroundRoll(false)
                .build()) {
            for (int i = 0; i < 5; i++) {
                w.capture(String.valueOf(i), CaptureData.of("text/csv", CaptureData.Mode.INPUT,
                        ("" + i).getBytes(StandardCharsets.UTF_8)), null);
            }
        }
        Path gt = dir.resolve("gt/2022/04/18/00");
        Files.createDirectories(gt);
        StringBuilder sb = new StringBuilder();
        for (String id : List.of("0", "1", "3", "3", "99")) {
            sb.append(new GroundTruthRecord(id.equals("3") ? "1" : "0", CaptureData.Encoding.CSV, id).toJsonLine())
                    .append('\n');
        }
        sb.append("garbage\n");
        Files.writeString(gt.resolve("0000.jsonl"), sb);
        assertThat(new GroundTruthRecord("1", CaptureData.Encoding.CSV, "74b0dd56").toJsonLine()).isEqualTo(
                "{\"groundTruthData\":{\"data\":\"1\",\"encoding\":\"CSV\"},\"eventMetadata\":{\"eventId\":\"74b0dd56\"},"
                        + "\"eventVersion\":\"0\"}");

        GroundTruthMerge.Result r = GroundTruthMerge.merge(CaptureFiles.in(caps), dir.resolve("gt"));
        assertThat(r.merged()).extracting(m -> m.capture().inferenceId()).containsExactly("0", "1", "3");
        assertThat(r.merged().get(2).groundTruth().data()).isEqualTo("1");
        assertThat(r.unmatchedCaptures()).isEqualTo(2);
        assertThat(r.unmatchedGroundTruth()).isEqualTo(1);
        assertThat(r.duplicateGroundTruth()).isEqualTo(1);
        assertThat(r.groundTruthMalformedLines()).isEqualTo(1);
    }

    @Test
    void dropsAndCountsWhenTheWriterIsBehindAndKeepsEveryAcceptedRecord() throws Exception {
        CountDownLatch diskBack = new CountDownLatch(1);
        CaptureData in = CaptureData.of("text/csv", CaptureData.Mode.INPUT, "1,2,3".getBytes(StandardCharsets.UTF_8));
        // the disk "hangs" on the first write until released: the writer thread falls behind for as long as it likes
        CaptureWriter.Sink stuck = f -> new WritableByteChannel() {
            private final FileChannel real = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);

            @Override
            public int write(ByteBuffer src) throws IOException {
                try {
                    diskBack.await();
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
                return real.write(src);
            }

            @Override
            public boolean isOpen() {
                return real.isOpen();
            }

            @Override
            public void close() throws IOException {
                real.close();
            }
        };
        List<String> accepted = new ArrayList<>();
        int refused = 0;
        CaptureWriter w = CaptureWriter.builder(dir, "ep").bufferBytes(4096).backgroundRoll(false).sink(stuck).build();
        for (int i = 0; i < 200; i++) {
            // returns at once even though the disk is stuck: the request thread never writes
            CaptureRecord r = w.capture("req-" + i, in, null);
            if (r == null) {
                refused++;
            } else {
                accepted.add(r.inferenceId());
            }
        }
        assertThat(refused).as("a 4 KiB bound cannot hold 200 records").isGreaterThan(100);
        assertThat(accepted).as("what fits in the bound is accepted").hasSizeGreaterThan(5);
        assertThat(w.dropped()).isEqualTo(refused);
        assertThat(w.bytesWritten()).isZero();
        diskBack.countDown();
        w.close();
        List<CaptureRecord> files = CaptureFiles.in(dir).readAll();
        assertThat(files).extracting(CaptureRecord::inferenceId).containsExactlyElementsOf(accepted);
        assertThat(w.dropped()).isEqualTo(refused);
    }
}

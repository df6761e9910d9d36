package dev.mlops.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.exception.ValidationException;
import dev.mlops.spi.WaitPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class FakeTickerTest {

    @Test
    void sleep_advancesTimeAtOnce_andTheClockFollows() throws Exception {
        FakeTicker time = new FakeTicker(Instant.parse("2025-06-01T12:00:00Z"));
        long start = time.nanoTime();
        long wallStart = System.nanoTime();
        time.sleep(Duration.ofHours(2));
        assertThat(System.nanoTime() - wallStart).isLessThan(Duration.ofSeconds(1).toNanos());
        assertThat(time.elapsedSince(start)).isEqualTo(Duration.ofHours(2));
        assertThat(time.now()).isEqualTo(Instant.parse("2025-06-01T14:00:00Z"));
        assertThat(time.clock().millis()).isEqualTo(Instant.parse("2025-06-01T14:00:00Z").toEpochMilli());
        assertThat(time.sleeps()).isEqualTo(1);
    }

    @Test
    void advance_movesTime_andRefusesNegativeDurations() {
        FakeTicker time = new FakeTicker();
        time.advance(Duration.ofSeconds(5)).advance(Duration.ZERO);
        assertThat(time.nanoTime()).isEqualTo(Duration.ofSeconds(5).toNanos());
        assertThat(time.now()).isEqualTo(FakeTicker.DEFAULT_START.plusSeconds(5));
        assertThatThrownBy(() -> time.advance(Duration.ofSeconds(-1))).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> new FakeTicker(null)).isInstanceOf(ValidationException.class);
    }

    @Test
    void sleep_whenInterrupted_throwsAndClearsTheFlag() {
        FakeTicker time = new FakeTicker();
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> time.sleep(Duration.ofSeconds(1))).isInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted()).isFalse();
        assertThat(time.nanoTime()).isZero();
    }

    @Test
    void sleep_fromManyThreads_addsEverySleep() throws Exception {
        FakeTicker time = new FakeTicker();
        int threads = 8;
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> all = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> {
                try {
                    go.await();
                    for (int j = 0; j < 1000; j++) {
                        time.sleep(Duration.ofMillis(1));
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            t.start();
            all.add(t);
        }
        go.countDown();
        for (Thread t : all) {
            t.join();
        }
        assertThat(time.elapsedSince(0)).isEqualTo(Duration.ofMillis(threads * 1000L));
        assertThat(time.sleeps()).isEqualTo(threads * 1000L);
    }

    @Test
    void backoffPolicy_onAFakeTicker_waitsAMinuteAtOnce() throws Exception {
        FakeTicker time = new FakeTicker();
        WaitPolicy policy = WaitPolicy.backoff(Duration.ofSeconds(1), Duration.ofSeconds(10), 2.0, time);
        long deadline = time.nanoTime() + Duration.ofMinutes(1).toNanos();
        WaitPolicy.Pacer pacer = policy.begin();
        int pauses = 0;
        while (time.nanoTime() < deadline) {
            pacer.pause(pacer.mark(), deadline);
            pauses++;
        }
        assertThat(time.elapsedSince(0)).isEqualTo(Duration.ofMinutes(1));
        // steps 1, 2, 4, 8, then 10 s, each jittered to between half and all of it
        assertThat(pauses).isBetween(7, 16);
    }
}

package dev.holdfast.genesys;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

class RateGateTest {

    @Test
    void never_more_than_the_limit_within_one_window_across_threads() throws Exception {
        Duration window = Duration.ofMillis(400);
        RateGate gate = new RateGate(5, window);
        List<Long> sent = Collections.synchronizedList(new ArrayList<>());
        ExecutorService threads = Executors.newFixedThreadPool(4);
        for (int i = 0; i < 16; i++) {
            threads.submit(() -> {
                gate.acquire();
                sent.add(System.nanoTime());
                return null;
            });
        }
        threads.shutdown();
        assertTrue(threads.awaitTermination(10, TimeUnit.SECONDS));
        List<Long> times = new ArrayList<>(sent);
        Collections.sort(times);
        for (int i = 5; i < times.size(); i++) {
            long gap = times.get(i) - times.get(i - 5);
            assertTrue(gap >= window.toNanos() - 2_000_000, "request " + i + " came " + gap / 1_000_000 + " ms after the 5th before it");
        }
    }

    @Test
    void a_retry_after_holds_every_caller_back() throws Exception {
        RateGate gate = new RateGate(1000);
        gate.acquire();
        long announced = System.nanoTime();
        gate.pauseFor(Duration.ofMillis(300));
        gate.acquire();
        assertTrue(System.nanoTime() - announced >= Duration.ofMillis(300).toNanos());
    }
}

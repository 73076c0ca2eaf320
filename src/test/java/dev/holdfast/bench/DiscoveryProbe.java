package dev.holdfast.bench;

import dev.holdfast.app.HoldfastApp;
import dev.holdfast.discover.HeldConversationFinder;
import dev.holdfast.discover.Window;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Discovery alone, in a JVM of its own, watched for the heap it keeps: the exporter is booted as {@code export}
 * boots it (its beans, its routes, its H2 ledger), then the real {@link HeldConversationFinder} reads one window.
 * <p>
 * The method: "live heap" is the heap still in use right after a full collection ({@code System.gc()}, which the
 * serial collector this JVM is started with always honours), so garbage not yet collected never counts. It is taken
 * twice before discovery (the booted, idle exporter: the baseline), then every 250 ms while discovery runs, by a
 * sampler thread, and once after. What discovery keeps is the highest live heap during it less the baseline. The
 * JVM also runs under a small {@code -Xmx} (the benchmark's {@code --discovery-xmx}): an {@link OutOfMemoryError}
 * is reported as such, so a discovery that held the window in memory could not pass unseen between two samples.
 * <p>
 * Arguments: {@code from to outFile key=value...} (the settings). Writes its figures to {@code outFile} as
 * properties; exit 0 when discovery ran to the end.
 */
public final class DiscoveryProbe {

    private static final long SAMPLE_EVERY_MS = 250;

    private DiscoveryProbe() {
    }

    public static void main(String[] args) throws Exception {
        Window window = new Window(Instant.parse(args[0]), Instant.parse(args[1]));
        Path out = Path.of(args[2]);
        Map<String, String> settings = new LinkedHashMap<>();
        for (int i = 3; i < args.length; i++) {
            settings.put(args[i].substring(0, args[i].indexOf('=')), args[i].substring(args[i].indexOf('=') + 1));
        }
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        Map<String, Object> figures = new LinkedHashMap<>();
        int exit = 0;
        try (HoldfastApp app = HoldfastApp.start(settings, false)) {
            HeldConversationFinder finder = app.bean("finder", HeldConversationFinder.class);
            long baseline = Math.min(live(memory), live(memory));
            AtomicLong peak = new AtomicLong(baseline);
            Thread sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    peak.accumulateAndGet(live(memory), Math::max);
                    try {
                        Thread.sleep(SAMPLE_EVERY_MS);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "live-heap-sampler");
            sampler.setDaemon(true);
            long[] held = {0};
            long started = System.nanoTime();
            sampler.start();
            try {
                finder.find(window, conversation -> held[0]++);
            } catch (OutOfMemoryError e) {
                figures.put("outOfMemory", true);
                exit = 1;
            } finally {
                sampler.interrupt();
                sampler.join();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            peak.accumulateAndGet(live(memory), Math::max);
            figures.put("baselineLiveHeap", baseline);
            figures.put("peakLiveHeap", peak.get());
            figures.put("discoveryLiveHeap", peak.get() - baseline);
            figures.put("maxHeap", memory.getHeapMemoryUsage().getMax());
            figures.put("heldFound", held[0]);
            figures.put("discoverySeconds", seconds);
        } catch (OutOfMemoryError e) {
            figures.put("outOfMemory", true);
            exit = 1;
        }
        StringBuilder text = new StringBuilder();
        figures.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        Files.writeString(out, text.toString());
        System.exit(exit);
    }

    /** The heap in use right after a full collection. */
    private static long live(MemoryMXBean memory) {
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }
}

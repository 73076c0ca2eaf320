package dev.holdfast.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import dev.holdfast.cli.Holdfast;

import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * The {@code holdfast} command line as it is, watched by the JVM's own memory MXBeans: after it ends, writes
 * the peak heap in use (the most in use just before any collection, or at the end), the most still in use
 * right after a collection (what the run really kept), and the largest committed heap, to the file named by
 * {@code -Dbench.heap.out}. Exits with the command's own exit code.
 */
public final class MeasuredExport {

    private MeasuredExport() {
    }

    public static void main(String[] args) throws IOException {
        Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
        AtomicLong peakUsed = new AtomicLong();
        AtomicLong peakAfterGc = new AtomicLong();
        AtomicLong collections = new AtomicLong();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
                if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                    return;
                }
                var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData()).getGcInfo();
                peakUsed.accumulateAndGet(heapUsed(info.getMemoryUsageBeforeGc(), heapPools), Math::max);
                peakAfterGc.accumulateAndGet(heapUsed(info.getMemoryUsageAfterGc(), heapPools), Math::max);
                collections.incrementAndGet();
            }, null, null);
        }

        int code = Holdfast.execute(args, System.out, System.err).code();

        long usedNow = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long committedPeak = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).mapToLong(p -> p.getPeakUsage().getCommitted()).sum();
        String out = System.getProperty("bench.heap.out");
        if (out != null) {
            Files.writeString(Path.of(out), "peakHeapUsed=" + Math.max(peakUsed.get(), usedNow) + "\n"
                    + "peakHeapAfterGc=" + peakAfterGc.get() + "\n"
                    + "peakHeapCommitted=" + committedPeak + "\n"
                    + "maxHeap=" + ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax() + "\n"
                    + "collections=" + collections.get() + "\n");
        }
        System.exit(code);
    }

    private static long heapUsed(Map<String, MemoryUsage> pools, Set<String> heapPools) {
        return pools.entrySet().stream().filter(e -> heapPools.contains(e.getKey())).mapToLong(e -> e.getValue().getUsed()).sum();
    }
}

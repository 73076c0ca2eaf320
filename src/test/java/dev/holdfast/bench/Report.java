package dev.holdfast.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.holdfast.bench.Benchmark.max;
import static dev.holdfast.bench.Benchmark.median;
import static dev.holdfast.bench.Benchmark.mib;
import static dev.holdfast.bench.Benchmark.min;

/** The benchmark's figures as Markdown: medians with their range and N, each target with its verdict. */
final class Report {

    private Report() {
    }

    static String render(String machine, String command, long seed, Map<String, List<Map<String, Object>>> results) {
        StringBuilder md = new StringBuilder();
        md.append("Machine: ").append(machine).append(". Seed ").append(seed).append(". Benchmark options: `")
                .append(command.isBlank() ? "(defaults)" : command).append("`.\n");
        md.append("Figures are medians, with min–max over N runs in brackets.\n\n");
        List<Map<String, Object>> holdfast = results.getOrDefault("default", List.of());
        List<Map<String, Object>> baseline = results.getOrDefault("baseline", List.of());
        if (!holdfast.isEmpty() || !baseline.isEmpty()) {
            defaultScenario(md, holdfast, baseline);
        }
        List<Map<String, Object>> large = results.getOrDefault("large", List.of());
        if (!large.isEmpty()) {
            largeScenario(md, large);
        }
        List<Map<String, Object>> memory = results.getOrDefault("memory", List.of());
        if (!memory.isEmpty()) {
            memory(md, memory);
        }
        List<Map<String, Object>> nodes = results.getOrDefault("nodes", List.of());
        if (!nodes.isEmpty()) {
            nodes(md, nodes);
        }
        List<Map<String, Object>> busy = results.getOrDefault("busy-org", List.of());
        if (!busy.isEmpty()) {
            busyOrg(md, busy);
        }
        List<Map<String, Object>> discovery = results.getOrDefault("discovery-memory", List.of());
        if (!discovery.isEmpty()) {
            discoveryMemory(md, discovery);
        }
        return md.toString();
    }

    private static void defaultScenario(StringBuilder md, List<Map<String, Object>> h, List<Map<String, Object>> b) {
        md.append("### Default scenario (`Scenario.defaults`: ~120 calls over 48 h, 30 % held, the field faults)\n\n");
        md.append("Holdfast: `holdfast export` repeated until it exits 0 (each run a fresh JVM), N=").append(h.size())
                .append(". Baseline: the sequential tutorial-style exporter, N=").append(b.size()).append(".\n\n");
        md.append("| figure | Holdfast | baseline | Holdfast ÷ baseline | target | verdict |\n|---|---|---|---|---|---|\n");
        double hRate = median(h, "deliveredPerMinute");
        double bRate = median(b, "deliveredPerMinute");
        row(md, "held recordings delivered", h, b, "delivered", "%.0f", "", "", "");
        row(md, "held recordings delivered per minute", h, b, "deliveredPerMinute", "%.1f",
                ratio(hRate, bRate), "≥ 5× baseline", verdict(h, b, hRate / bRate >= 5));
        double hWall = median(h, "wallSeconds");
        double bWall = median(b, "wallSeconds");
        row(md, "wall time to settled, s", h, b, "wallSeconds", "%.1f", ratio(hWall, bWall), "≤ 0.5× baseline",
                verdict(h, b, hWall / bWall <= 0.5));
        double hReq = median(h, "requestsPerDelivered");
        row(md, "API requests per delivered recording", h, b, "requestsPerDelivered", "%.2f", "", "≤ 1.2 (Holdfast)",
                h.isEmpty() ? "" : hReq <= 1.2 ? "met" : "**missed** (" + fmt("%.2f", hReq) + ")");
        row(md, "API requests (journal, retries included)", h, b, "apiRequests", "%.0f", "", "", "");
        row(md, "export runs to settle", h, List.of(), "exportRuns", "%.0f", "", "", "");
        row(md, "429s answered", h, b, "tooManyRequests", "%.0f", "", "", "");
        row(md, "requests sent before a Retry-After had passed", h, b, "retryAfterViolations", "%.0f", "", "", "");
        row(md, "peak RSS of an export run, MiB (default heap)", h, List.of(), "peakRssKb", "%.0f", "", "", "", 1.0 / 1024);
        md.append("\n");
        endpoints(md, "API requests per endpoint (median per run)", h, b);
        correctness(md, "default", h);
        correctness(md, "baseline", b);
    }

    private static void largeScenario(StringBuilder md, List<Map<String, Object>> l) {
        Map<String, Object> first = l.get(0);
        md.append("### Rate limit binds (").append(first.get("heldConversations")).append(" held conversations, ")
                .append(first.get("heldRecordings")).append(" held recordings, sandbox at 300 requests/min), N=")
                .append(l.size()).append("\n\n");
        md.append("| figure | Holdfast | target | verdict |\n|---|---|---|---|\n");
        single(md, "held recordings delivered", l, "delivered", "%.0f", "", "");
        single(md, "API requests (journal, retries included)", l, "apiRequests", "%.0f", "", "");
        single(md, "rate-limit floor (requests ÷ 300/min), s", l, "rateLimitFloorSeconds", "%.0f", "", "");
        single(md, "wall time to settled, s", l, "wallSeconds", "%.0f", "", "");
        double ratio = median(l, "wallOverFloor");
        single(md, "wall time ÷ floor", l, "wallOverFloor", "%.2f", "≤ 1.3", ratio <= 1.3 ? "met" : "**missed**");
        double req = median(l, "requestsPerDelivered");
        single(md, "API requests per delivered recording", l, "requestsPerDelivered", "%.2f", "(≤ 1.2 on the default scenario)",
                req <= 1.2 ? "within" : "above");
        single(md, "held recordings delivered per minute", l, "deliveredPerMinute", "%.1f", "", "");
        single(md, "peak API requests in any 60 s, all tokens (one token per export run)", l, "peakRequestsPerMinute", "%.0f", "", "");
        single(md, "tokens fetched", l, "tokenRequests", "%.0f", "", "");
        single(md, "429s answered", l, "tooManyRequests", "%.0f", "", "");
        single(md, "requests sent before a Retry-After had passed", l, "retryAfterViolations", "%.0f", "", "");
        single(md, "export runs to settle", l, "exportRuns", "%.0f", "", "");
        md.append("\n");
        endpoints(md, "API requests per endpoint (median per run)", l, List.of());
        correctness(md, "large", l);
    }

    private static void memory(StringBuilder md, List<Map<String, Object>> m) {
        md.append("### Large recordings, exporter under `-Xmx").append("160m").append("`\n\n");
        md.append("Every copy fetches the same presigned media URL to disk, in the same run: the JDK HttpClient in the ")
                .append("benchmark's warm JVM; the same in a fresh JVM (cold, as an export run is), without and with SHA-256 on the ")
                .append("way; curl. Holdfast download: its `resolved` → `downloaded` custody events (GET, SHA-256, spool file); ")
                .append("end to end: `resolved` → `delivered` (also the delivery to the folder and its SHA-256 confirmation). ")
                .append("Heap from the exporter JVM's own MXBeans: the peak in use (before any GC) and the peak still in use ")
                .append("after a GC; RSS from `/usr/bin/time -v`. MiB/s, medians (min–max).\n\n");
        md.append("| recording | N | copy, warm JVM | copy, fresh JVM | copy + SHA-256, fresh JVM | curl | Holdfast download | Holdfast end to end |\n");
        md.append("|---|---|---|---|---|---|---|---|\n");
        List<Long> sizes = m.stream().map(r -> ((Number) r.get("sizeMb")).longValue()).distinct().sorted().toList();
        double perMib = 1 / (1024.0 * 1024);
        for (long size : sizes) {
            List<Map<String, Object>> s = m.stream().filter(r -> ((Number) r.get("sizeMb")).longValue() == size).toList();
            md.append("| ").append(size).append(" MB | ").append(s.size())
                    .append(" | ").append(cell(s, "plainCopyBytesPerSecond", "%.0f", perMib))
                    .append(" | ").append(cell(s, "coldJvmCopyBytesPerSecond", "%.0f", perMib))
                    .append(" | ").append(cell(s, "coldJvmCopySha256BytesPerSecond", "%.0f", perMib))
                    .append(" | ").append(cell(s, "curlCopyBytesPerSecond", "%.0f", perMib))
                    .append(" | ").append(cell(s, "downloadBytesPerSecond", "%.0f", perMib))
                    .append(" | ").append(cell(s, "endToEndBytesPerSecond", "%.0f", perMib)).append(" |\n");
        }
        md.append("\n| recording | Holdfast download ÷ warm copy | ÷ fresh-JVM copy | end to end ÷ warm copy | ÷ fresh-JVM copy | peak heap used MiB | peak heap after GC MiB | peak RSS MiB |\n");
        md.append("|---|---|---|---|---|---|---|---|\n");
        for (long size : sizes) {
            List<Map<String, Object>> s = m.stream().filter(r -> ((Number) r.get("sizeMb")).longValue() == size).toList();
            md.append("| ").append(size).append(" MB | ")
                    .append(fmt("%.2f", median(s, r -> num(r, "downloadBytesPerSecond") / num(r, "plainCopyBytesPerSecond"))))
                    .append(" | ").append(ratioOf(s, "downloadBytesPerSecond", "coldJvmCopyBytesPerSecond"))
                    .append(" | ").append(fmt("%.2f", median(s, r -> num(r, "endToEndBytesPerSecond") / num(r, "plainCopyBytesPerSecond"))))
                    .append(" | ").append(ratioOf(s, "endToEndBytesPerSecond", "coldJvmCopyBytesPerSecond"))
                    .append(" | ").append(cell(s, "peakHeapUsed", "%.0f", perMib))
                    .append(" | ").append(cell(s, "peakHeapAfterGc", "%.0f", perMib))
                    .append(" | ").append(cell(s, "peakRssKb", "%.0f", 1 / 1024.0)).append(" |\n");
        }
        long largest = sizes.get(sizes.size() - 1);
        long smallest = sizes.get(0);
        List<Map<String, Object>> big = m.stream().filter(r -> ((Number) r.get("sizeMb")).longValue() == largest).toList();
        List<Map<String, Object>> small = m.stream().filter(r -> ((Number) r.get("sizeMb")).longValue() == smallest).toList();
        double download = median(big, r -> num(r, "downloadBytesPerSecond") / num(r, "plainCopyBytesPerSecond"));
        double endToEnd = median(big, r -> num(r, "endToEndBytesPerSecond") / num(r, "plainCopyBytesPerSecond"));
        double liveGrowth = mib(median(big, "peakHeapAfterGc") - median(small, "peakHeapAfterGc"));
        double usedGrowth = mib(median(big, "peakHeapUsed") - median(small, "peakHeapUsed"));
        md.append("\nTargets: ").append(largest).append(" MB at ≥ 70 % of the plain (warm JVM) copy's bytes/s: download ")
                .append(fmt("%.0f", download * 100)).append(" % (").append(download >= 0.7 ? "met" : "**missed**")
                .append("), end to end ").append(fmt("%.0f", endToEnd * 100)).append(" % (")
                .append(endToEnd >= 0.7 ? "met" : "**missed**").append("). Heap flat from ").append(smallest)
                .append(" MB to ").append(largest).append(" MB: peak after GC grows ").append(fmt("%+.1f", liveGrowth))
                .append(" MiB, peak in use ").append(fmt("%+.1f", usedGrowth)).append(" MiB (")
                .append(Math.abs(liveGrowth) <= 16 ? "met" : "**missed**").append(": flat = within 16 MiB).\n\n");
        correctness(md, "memory", m);
    }

    private static void nodes(StringBuilder md, List<Map<String, Object>> all) {
        List<Map<String, Object>> one = all.stream().filter(r -> num(r, "nodes") == 1).toList();
        List<Map<String, Object>> three = all.stream().filter(r -> num(r, "nodes") == 3).toList();
        Map<String, Object> first = all.get(0);
        md.append("### Three nodes against one (").append(first.get("heldConversations")).append(" held conversations, ")
                .append(first.get("exportable")).append(" exportable recordings, each node its own client at 300 requests/min, ")
                .append("one PostgreSQL ledger)\n\n");
        md.append("Each node is `holdfast run` in its own JVM, the schedule firing every minute. Recordings delivered per minute ")
                .append("from the start of the first firing to the last `delivered` custody event (the ledger's times: the JVMs' ")
                .append("start and the wait for the first trigger do not count). N=").append(one.size()).append(" / ")
                .append(three.size()).append(", one node and three in turn.\n\n");
        md.append("| figure | 1 node | 3 nodes |\n|---|---|---|\n");
        pair(md, "held recordings delivered", one, three, "delivered", "%.0f");
        pair(md, "first firing to last delivery, s", one, three, "firstFiringToLastDeliverySeconds", "%.0f");
        pair(md, "held recordings delivered per minute", one, three, "deliveredPerMinute", "%.1f");
        pair(md, "rate-limit floor (requests ÷ (300/min × nodes)), s", one, three, "rateLimitFloorSeconds", "%.0f");
        pair(md, "API requests (journal, retries included)", one, three, "apiRequests", "%.0f");
        pair(md, "API requests per delivered recording", one, three, "requestsPerDelivered", "%.2f");
        pair(md, "firings", one, three, "firings", "%.0f");
        pair(md, "429s answered", one, three, "tooManyRequests", "%.0f");
        pair(md, "requests sent before a Retry-After had passed", one, three, "retryAfterViolations", "%.0f");
        double ratio = median(three, "deliveredPerMinute") / median(one, "deliveredPerMinute");
        md.append("\nRatio of the medians, 3 nodes ÷ 1: **").append(fmt("%.2f", ratio)).append("×** (target ≥ 2.5: ")
                .append(ratio >= 2.5 ? "met" : "**missed**").append("). Delivered by node (3 nodes): ");
        three.forEach(r -> md.append(r.get("deliveredByNode")).append(' '));
        md.append("\n\n");
        correctness(md, "nodes", all);
    }

    private static void busyOrg(StringBuilder md, List<Map<String, Object>> b) {
        Map<String, Object> first = b.get(0);
        md.append("### Busy org in service (").append(first.get("callsPerHour")).append(" calls an hour, 2 % held, ")
                .append(first.get("simulatedHours")).append(" simulated hours ending ")
                .append(String.valueOf(first.get("simulatedTo")).substring(11, 16)).append(" UTC), N=").append(b.size())
                .append("\n\n");
        md.append("A firing every 15 minutes, each a `holdfast export` of the window service mode gives it (previous end less ")
                .append("the 1 h overlap, up to the firing) against a sandbox whose clock is moved on between firings. Steady: ")
                .append("every firing after the first (which stands for the node's history). Budget: one token's 300 a minute ")
                .append("over the 15 minutes between firings (4,500 requests).\n\n");
        md.append("| figure | value | target | verdict |\n|---|---|---|---|\n");
        single(md, "API requests of a steady run (median of its runs)", b, "steadyRequestsPerRun", "%.0f", "", "");
        single(md, "API requests of the dearest steady run", b, "steadyRequestsPerRunMax", "%.0f", "", "");
        double share = median(b, "steadyBudgetShare");
        single(md, "share of the budget, steady run, %", b, "steadyBudgetSharePercent", "%.1f", "≤ 35 %",
                share <= 0.35 ? "met" : "**missed**");
        single(md, "share of the budget, dearest steady run, %", b, "steadyBudgetShareMaxPercent", "%.1f", "", "");
        single(md, "API requests of the first run (3 h of history)", b, "firstRunRequests", "%.0f", "", "");
        md.append("\n<details><summary>API requests per endpoint of a steady run (median over the steady runs of all N)</summary>\n\n")
                .append("| endpoint | requests |\n|---|---|\n");
        List<Map<String, Object>> steady = new java.util.ArrayList<>();
        for (Map<String, Object> r : b) {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> runs = (List<Map<String, Object>>) r.get("runs");
            steady.addAll(runs.subList(1, runs.size()));
        }
        Benchmark.endpoints(steady).forEach(e -> md.append("| `").append(e).append("` | ")
                .append(fmt("%.0f", median(steady, r -> count(r, e)))).append(" |\n"));
        md.append("\n</details>\n\n");
        correctness(md, "busy-org", b);
    }

    private static void discoveryMemory(StringBuilder md, List<Map<String, Object>> d) {
        Map<String, Object> first = d.get(0);
        md.append("### Discovery memory (").append(first.get("conversations")).append(" conversations in one window, ")
                .append(first.get("heldConversations")).append(" held), N=").append(d.size()).append("\n\n");
        md.append("Discovery alone (`DiscoveryProbe`: the booted exporter's `HeldConversationFinder` over the window) in a JVM ")
                .append("under `-Xmx").append(first.get("xmx")).append("` with the serial collector. Live heap = heap in use ")
                .append("right after a full GC, sampled every 250 ms during discovery; discovery's share = the highest sample ")
                .append("less the booted, idle exporter's. MiB, medians (min–max).\n\n");
        md.append("| figure | value | target | verdict |\n|---|---|---|---|\n");
        double mib = 1 / (1024.0 * 1024);
        double kept = median(d, "discoveryLiveHeap") * mib;
        md.append("| live heap kept by discovery | ").append(cell(d, "discoveryLiveHeap", "%.1f", mib))
                .append(" | < 64 MiB | ").append(kept < 64 ? "met" : "**missed**").append(" |\n");
        md.append("| live heap of the booted exporter before discovery | ").append(cell(d, "baselineLiveHeap", "%.1f", mib))
                .append(" | | |\n");
        md.append("| highest live heap during discovery | ").append(cell(d, "peakLiveHeap", "%.1f", mib)).append(" | | |\n");
        long fit = d.stream().filter(r -> Boolean.TRUE.equals(r.get("fitsInXmx"))).count();
        md.append("| runs that finished under `-Xmx").append(first.get("xmx")).append("` | ").append(fit).append(" of ")
                .append(d.size()).append(" | | |\n");
        single(md, "discovery time, s", d, "discoverySeconds", "%.0f", "", "");
        single(md, "API requests", d, "apiRequests", "%.0f", "", "");
        md.append("\n");
        endpoints(md, "API requests per endpoint (median per run)", d, List.of());
        correctness(md, "discovery-memory", d);
    }

    private static void pair(StringBuilder md, String figure, List<Map<String, Object>> a, List<Map<String, Object>> b,
                             String key, String format) {
        md.append("| ").append(figure).append(" | ").append(cell(a, key, format, 1.0)).append(" | ")
                .append(cell(b, key, format, 1.0)).append(" |\n");
    }

    private static void endpoints(StringBuilder md, String title, List<Map<String, Object>> h, List<Map<String, Object>> b) {
        md.append("<details><summary>").append(title).append("</summary>\n\n| endpoint | Holdfast |")
                .append(b.isEmpty() ? "" : " baseline |").append("\n|---|---|").append(b.isEmpty() ? "" : "---|").append("\n");
        java.util.stream.Stream.concat(Benchmark.endpoints(h), Benchmark.endpoints(b)).distinct().sorted().forEach(e -> {
            md.append("| `").append(e).append("` | ").append(fmt("%.0f", median(h, r -> count(r, e))));
            if (!b.isEmpty()) {
                md.append(" | ").append(fmt("%.0f", median(b, r -> count(r, e))));
            }
            md.append(" |\n");
        });
        md.append("\n</details>\n\n");
    }

    private static void correctness(StringBuilder md, String suite, List<Map<String, Object>> runs) {
        long wrong = runs.stream().filter(r -> !Boolean.TRUE.equals(r.get("correct"))).count();
        if (!runs.isEmpty()) {
            md.append("Outcome check (").append(suite).append("): ").append(runs.size() - wrong).append(" of ").append(runs.size())
                    .append(" runs delivered exactly the expected recordings with the sandbox's SHA-256")
                    .append(wrong == 0 ? ".\n\n" : " — **" + wrong + " did not** (see the raw JSON).\n\n");
        }
    }

    private static String ratioOf(List<Map<String, Object>> s, String a, String b) {
        return s.get(0).get(b) == null ? "–" : fmt("%.2f", median(s, r -> num(r, a) / num(r, b)));
    }

    private static double count(Map<String, Object> r, String endpoint) {
        Object v = ((Map<?, ?>) r.get("requestsByEndpoint")).get(endpoint);
        return v == null ? 0 : ((Number) v).doubleValue();
    }

    private static void row(StringBuilder md, String figure, List<Map<String, Object>> h, List<Map<String, Object>> b,
            String key, String format, String ratio, String target, String verdict) {
        row(md, figure, h, b, key, format, ratio, target, verdict, 1.0);
    }

    private static void row(StringBuilder md, String figure, List<Map<String, Object>> h, List<Map<String, Object>> b,
            String key, String format, String ratio, String target, String verdict, double scale) {
        md.append("| ").append(figure).append(" | ").append(cell(h, key, format, scale)).append(" | ")
                .append(cell(b, key, format, scale)).append(" | ").append(ratio).append(" | ").append(target)
                .append(" | ").append(verdict).append(" |\n");
    }

    private static void single(StringBuilder md, String figure, List<Map<String, Object>> l, String key, String format,
            String target, String verdict) {
        md.append("| ").append(figure).append(" | ").append(cell(l, key, format, 1.0)).append(" | ").append(target)
                .append(" | ").append(verdict).append(" |\n");
    }

    private static String cell(List<Map<String, Object>> runs, String key, String format, double scale) {
        if (runs.isEmpty() || runs.get(0).get(key) == null) {
            return "–";
        }
        String med = fmt(format, median(runs, key) * scale);
        if (runs.size() == 1) {
            return med;
        }
        return med + " (" + fmt(format, min(runs, key) * scale) + "–" + fmt(format, max(runs, key) * scale) + ")";
    }

    private static String ratio(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) ? "" : fmt("%.2f×", a / b);
    }

    private static String verdict(List<Map<String, Object>> h, List<Map<String, Object>> b, boolean met) {
        return h.isEmpty() || b.isEmpty() ? "" : met ? "met" : "**missed**";
    }

    private static double num(Map<String, Object> r, String key) {
        return ((Number) r.get(key)).doubleValue();
    }

    private static String fmt(String format, double v) {
        return String.format(Locale.ROOT, format, v);
    }
}

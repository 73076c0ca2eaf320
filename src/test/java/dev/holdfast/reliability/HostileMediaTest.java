package dev.holdfast.reliability;

import dev.holdfast.discover.Window;
import dev.holdfast.ledger.LedgerRow;
import dev.holdfast.ledger.RecordingState;
import dev.holdfast.sandbox.GenesysSandbox;
import dev.holdfast.sandbox.Scenario;
import dev.holdfast.testsupport.DestinationView;
import dev.holdfast.testsupport.Exporter;
import dev.holdfast.testsupport.HostileMedia;
import dev.holdfast.testsupport.HostileMedia.Fault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scenarios (j) corrupted downloads and SSRF: media served short, cut by a reset, or as a 200 HTML error page is
 * never delivered (a transient fault is fetched again and delivered intact; a permanent one stays pending with a
 * reason); a media URL on a host outside the allow-list, or a redirect to one, is never fetched; the Genesys
 * bearer token never reaches a media host.
 */
class HostileMediaTest {

    private static final Set<String> PERMANENT_REASONS = Set.of("corrupt-media", "media-host-not-allowed");

    @TempDir
    Path work;

    @Test
    void corrupt_media_is_never_delivered_and_foreign_media_hosts_are_never_contacted() throws Exception {
        long seed = Figures.seed(611);
        try (GenesysSandbox sandbox = GenesysSandbox.start(Scenario.defaults(seed), "127.0.0.1", 0);
             HostileMedia hostile = HostileMedia.before(sandbox.baseUrl())) {
            // each media key draws its fate from the seed: first request short, reset or HTML (then good);
            // always HTML; always a redirect to a foreign host; a URL naming a foreign host
            hostile.faults((key, n) -> switch (bucket(seed, key)) {
                case 0 -> n == 1 ? Fault.SHORT_BODY : Fault.NONE;
                case 1 -> n == 1 ? Fault.RESET : Fault.NONE;
                case 2 -> n == 1 ? Fault.HTML_200 : Fault.NONE;
                case 3 -> Fault.HTML_200;
                case 4 -> Fault.REDIRECT_TO_FOREIGN_HOST;
                default -> Fault.NONE;
            });
            hostile.foreignHost(key -> bucket(seed, key) == 5);
            Path export = work.resolve("export");
            Map<String, String> settings = Exporter.settingsFor(sandbox, work);
            settings.put("genesys.api-url", hostile.apiUrl());
            settings.put("genesys.login-url", hostile.apiUrl());
            settings.put("holdfast.destination", "file");
            settings.put("holdfast.file.dir", export.toString());
            long started = System.nanoTime();
            try (Exporter exporter = Exporter.start(settings)) {
                Window window = exporter.defaultWindow();
                // runs until all that is left are the permanent faults
                await().atMost(Duration.ofMinutes(2)).conditionEvaluationListener(c -> {
                            if (c.getRemainingTimeInMS() < 1000) {
                                exporter.ledger().rowsIn(window.from(), window.to()).stream()
                                        .filter(r -> r.state() != RecordingState.DELIVERED && r.state() != RecordingState.TERMINAL)
                                        .forEach(r -> System.out.println("still open: " + r.recordingId() + " " + r.state()
                                                + " " + r.reason() + " " + r.detail()));
                            }
                        }).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(500)).until(() -> {
                    exporter.export(window);
                    return exporter.ledger().rowsIn(window.from(), window.to()).stream().allMatch(r ->
                            r.state() == RecordingState.DELIVERED || r.state() == RecordingState.TERMINAL
                                    || (r.state() == RecordingState.PENDING && PERMANENT_REASONS.contains(r.reason())));
                });
                Invariants.Result result = Invariants.check(sandbox, exporter.ledger(), DestinationView.folder(export),
                        truth -> exporter.ledger().row(truth.conversationId(), truth.recordingId())
                                .map(r -> PERMANENT_REASONS.contains(r.reason())).orElse(false));
                List<LedgerRow> rows = exporter.ledger().rowsIn(window.from(), window.to());
                Map<String, Long> undelivered = rows.stream().filter(r -> r.state() == RecordingState.PENDING)
                        .collect(Collectors.groupingBy(LedgerRow::reason, TreeMap::new, Collectors.counting()));
                long permanentKeys = hostile.requestsByKey().keySet().stream().filter(k -> bucket(seed, k) == 3).count();
                long redirectKeys = hostile.requestsByKey().keySet().stream().filter(k -> bucket(seed, k) == 4).count();

                Figures.report("j corrupt downloads + SSRF", result.exportable(), seed,
                        "injected short=" + hostile.served(Fault.SHORT_BODY) + " reset=" + hostile.served(Fault.RESET)
                                + " html200=" + hostile.served(Fault.HTML_200) + " redirectsToForeignHost="
                                + hostile.served(Fault.REDIRECT_TO_FOREIGN_HOST) + " permanentHtmlKeys=" + permanentKeys
                                + " redirectKeys=" + redirectKeys + "; corruptDelivered=0 (I3 on every object)"
                                + " undeliveredByReason=" + undelivered + " foreignHostRequests=" + hostile.foreignHostRequests()
                                + " mediaRequestsWithAuthorization=" + (hostile.requestsWithAuthorization()
                                + sandbox.journal().mediaRequestsWithAuthorization())
                                + " time=" + String.format("%.0fs", (System.nanoTime() - started) / 1e9) + " " + result);
                assertEquals(0, hostile.foreignHostRequests(), "SSRF: a request reached a host outside the allow-list");
                assertEquals(0, hostile.requestsWithAuthorization(), "a media request carried Authorization");
                assertEquals(0, sandbox.journal().mediaRequestsWithAuthorization(), "a media request carried Authorization");
                assertTrue(hostile.served(Fault.SHORT_BODY) + hostile.served(Fault.RESET) > 0
                        && hostile.served(Fault.HTML_200) > 0 && hostile.served(Fault.REDIRECT_TO_FOREIGN_HOST) > 0,
                        "the faults were injected");
                assertTrue(undelivered.getOrDefault("corrupt-media", 0L) >= permanentKeys,
                        "every always-HTML recording waits as corrupt-media: " + undelivered);
            }
        } catch (Throwable t) {
            throw new AssertionError("seed " + seed + ": " + t.getMessage(), t);
        }
    }

    /** Which of ten fault groups a media key falls in, from the seed. */
    private static int bucket(long seed, int key) {
        return Math.floorMod(Objects.hash(seed, key) * 31 + key, 10);
    }
}

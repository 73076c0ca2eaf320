package dev.holdfast.download;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Media fetching against a real HTTP server: hashes, corrupt bodies, expiry, redirects and credentials. */
class MediaFetcherTest {

    @TempDir
    Path spool;
    private HttpServer server;
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private final List<String> authorizations = Collections.synchronizedList(new ArrayList<>());
    private final byte[] wav = wav(50_000);
    // several of the fetcher's pieces and a partial last one, read as the socket delivers them
    private final byte[] longWav = wav(3 * MediaFetcher.PIECE_BYTES + 12_345);
    /** The shipped default of genesys.idle-timeout. */
    private static final Duration DEFAULT_IDLE = Duration.ofSeconds(60);
    // a stalling handler waits on this until the test ends
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            requests.add(ex.getRequestURI().getPath());
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            if (auth != null) {
                authorizations.add(auth);
            }
            switch (ex.getRequestURI().getPath()) {
                case "/ok.wav" -> send(ex, 200, wav, wav.length, "audio/wav");
                case "/long.wav" -> send(ex, 200, longWav, longWav.length, "audio/wav");
                case "/short.wav" -> send(ex, 200, java.util.Arrays.copyOf(wav, 1000), 5000, "audio/wav");
                case "/stall.wav" -> {
                    // headers and half the body, then silence with the connection open
                    ex.getResponseHeaders().add("Content-Type", "audio/wav");
                    ex.sendResponseHeaders(200, wav.length);
                    ex.getResponseBody().write(wav, 0, wav.length / 2);
                    ex.getResponseBody().flush();
                    await(release);
                    ex.close();
                }
                case "/error.html" -> send(ex, 200, "<html><body>Service error</body></html>".getBytes(StandardCharsets.UTF_8), -2, "text/html");
                case "/expired.wav" -> send(ex, 403, "<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>"
                        .getBytes(StandardCharsets.UTF_8), -2, "application/xml");
                case "/redirect-out" -> {
                    ex.getResponseHeaders().add("Location", "http://169.254.169.254/latest/meta-data/");
                    ex.sendResponseHeaders(302, -1);
                    ex.close();
                }
                default -> send(ex, 404, new byte[0], -2, "text/plain");
            }
        });
        // a stalled handler must not hold up the others
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    private MediaFetcher fetcher(String... hosts) {
        return fetcher(DEFAULT_IDLE, hosts);
    }

    private MediaFetcher fetcher(Duration idle, String... hosts) {
        return new MediaFetcher(new AllowedHosts(List.of(hosts)), MediaFetcher.mediaClient(), spool, Clock.systemUTC(), idle);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path + "?X-Amz-Signature=abc&X-Amz-Credential=k";
    }

    @Test
    void a_recording_is_spooled_byte_for_byte_with_its_sha256() throws Exception {
        MediaFile media = fetcher("127.0.0.1").fetch(url("/ok.wav"), "direct");
        assertArrayEquals(wav, Files.readAllBytes(media.file()));
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(wav)), media.sha256());
        assertEquals(wav.length, media.size());
        assertEquals("127.0.0.1", media.mediaHost());
        assertTrue(authorizations.isEmpty(), "presigned URLs are fetched without credentials");
    }

    @Test
    void a_recording_longer_than_many_pieces_is_spooled_byte_for_byte_with_its_sha256() throws Exception {
        MediaFile media = fetcher("127.0.0.1").fetch(url("/long.wav"), "direct");

        assertEquals(longWav.length, media.size());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(longWav)), media.sha256());
        assertArrayEquals(longWav, Files.readAllBytes(media.file()));
    }

    @Test
    void md5_and_sha1_come_from_the_same_pass_as_the_sha256_over_many_pieces() throws Exception {
        MediaFile media = fetcher("127.0.0.1").fetch(url("/long.wav"), "direct");

        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(longWav)), media.md5());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(longWav)), media.sha1());
    }

    @Test
    void a_short_body_or_an_html_page_is_never_taken_for_a_recording_and_leaves_no_spool_file() throws IOException {
        MediaFetcher fetcher = fetcher("127.0.0.1");
        assertThrows(RuntimeException.class, () -> fetcher.fetch(url("/short.wav"), "direct"));
        CorruptMediaException html = assertThrows(CorruptMediaException.class, () -> fetcher.fetch(url("/error.html"), "direct"));
        assertTrue(html.getMessage().contains("not a recognisable recording"));
        try (Stream<Path> left = Files.list(spool)) {
            assertEquals(0, left.count());
        }
    }

    @Test
    void a_body_that_stops_mid_way_is_given_up_after_the_idle_timeout_as_stalled_without_retries_or_spool_file()
            throws IOException {
        // 2 s instead of the default 60 s: the same code path, and the default itself is held to end to end by
        // StalledMediaTest; the preemptive bound turns the old behaviour (waiting for ever) into a failure
        Duration idle = Duration.ofSeconds(2);
        MediaStalledException e = assertTimeoutPreemptively(Duration.ofSeconds(30), () ->
                assertThrows(MediaStalledException.class, () -> fetcher(idle, "127.0.0.1").fetch(url("/stall.wav"), "direct")));

        assertTrue(e.getMessage().contains("stalled") && !e.getMessage().contains("X-Amz-Signature"), e.getMessage());
        assertEquals(List.of("/stall.wav"), requests, "a stall is not retried within the fetch");
        try (Stream<Path> left = Files.list(spool)) {
            assertEquals(0, left.count());
        }
    }

    @Test
    void an_expired_url_is_reported_as_expired_without_its_signature() {
        MediaExpiredException e = assertThrows(MediaExpiredException.class, () -> fetcher("127.0.0.1").fetch(url("/expired.wav"), "direct"));
        assertTrue(!e.getMessage().contains("X-Amz-Signature") && !e.getMessage().contains("abc"));
    }

    @Test
    void hosts_off_the_list_and_redirects_off_the_list_are_never_contacted() {
        assertThrows(MediaRejectedException.class, () -> fetcher("media.example.com").fetch(url("/ok.wav"), "direct"));
        assertTrue(requests.isEmpty());
        assertThrows(MediaRejectedException.class, () -> fetcher("127.0.0.1").fetch(url("/redirect-out"), "direct"));
        assertEquals(List.of("/redirect-out"), requests);
        assertThrows(MediaRejectedException.class, () -> fetcher("*.example.com").fetch("http://media.example.com/x.wav", "direct"),
                "plain http only for loopback");
    }

    @Test
    void the_sweep_deletes_spool_files_of_dead_processes_and_old_ones_and_keeps_a_live_process_recent_ones() throws Exception {
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        Files.createDirectories(spool);
        Path dead = Files.writeString(spool.resolve("recording-" + ended.pid() + "-1.part"), "half");
        Path mine = Files.writeString(spool.resolve("recording-" + ProcessHandle.current().pid() + "-2.part"), "half");
        Path unnamedRecent = Files.writeString(spool.resolve("recording-3.part"), "half");
        Path unnamedOld = Files.writeString(spool.resolve("recording-4.part"), "half");
        Files.setLastModifiedTime(unnamedOld, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));

        int deleted = fetcher("127.0.0.1").sweep(java.time.Duration.ofMinutes(10));

        assertEquals(2, deleted);
        assertTrue(Files.notExists(dead), "the file of a process that ended");
        assertTrue(Files.notExists(unnamedOld), "a file untouched for longer than the lease");
        assertTrue(Files.exists(mine) && Files.exists(unnamedRecent), "a live process's recent files stay");
    }

    @Test
    void wildcards_match_subdomains_only() {
        AllowedHosts hosts = new AllowedHosts(List.of("*.pure.cloud", "localhost"));
        assertTrue(hosts.allowed("media.euw2.pure.cloud"));
        assertTrue(!hosts.allowed("pure.cloud.evil.com") && !hosts.allowed("evilpure.cloud"));
        assertTrue(hosts.allowed("localhost"));
    }

    private static void send(HttpExchange ex, int status, byte[] body, long announced, String type) throws IOException {
        ex.getResponseHeaders().add("Content-Type", type);
        if (announced == -2) {
            ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        } else {
            ex.sendResponseHeaders(status, announced);
        }
        try {
            ex.getResponseBody().write(body);
        } catch (IOException ignored) {
            // the short-body case closes early
        }
        ex.close();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static byte[] wav(int size) {
        byte[] bytes = new byte[size];
        new Random(7).nextBytes(bytes);
        System.arraycopy("RIFF".getBytes(StandardCharsets.US_ASCII), 0, bytes, 0, 4);
        System.arraycopy("WAVE".getBytes(StandardCharsets.US_ASCII), 0, bytes, 8, 4);
        return bytes;
    }
}

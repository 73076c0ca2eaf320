package dev.holdfast.download;

import dev.holdfast.http.IdleTimeoutBody;
import dev.holdfast.integrity.Digests;
import dev.holdfast.integrity.PipelinedDigests;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Streams a recording from its presigned media URL into a spool file, computing MD5, SHA-1, SHA-256 and size on the way,
 * so that no recording is ever held in memory. Only allowed hosts are contacted, redirects are re-checked hop
 * by hop, and no Genesys credentials are ever sent. The body must be as long as announced and look like a recording:
 * audio or video, an email's EML or a chat's or messaging's ZIP.
 */
public final class MediaFetcher {

    private static final Logger LOG = LoggerFactory.getLogger(MediaFetcher.class);
    private static final int MAX_REDIRECTS = 3;
    private static final int MAX_TRANSIENT_RETRIES = 3;
    /** No call recording is anywhere near this; a larger Content-Length is a lie, not a recording. */
    private static final long MAX_MEDIA_BYTES = 16L * 1024 * 1024 * 1024;
    /**
     * Bytes taken from the response, hashed and written at a time; also the JDK HttpClient's own read size (see
     * {@link #preferLargeHttpBuffers}). A fresh JVM runs the per-piece code interpreted at first, so fewer, larger
     * pieces move a large recording faster. Kept under half a G1 region (a region is 1 MiB in heaps up to 2 GiB): a
     * larger array is "humongous", takes two whole regions outside the young generation and made the heap left
     * after a collection grow with the recording's size (+10 MiB at 300 MB with 1 MiB pieces).
     */
    public static final int PIECE_BYTES = 256 * 1024;
    private static final String SPOOL_PREFIX = "recording-";
    private static final String SPOOL_SUFFIX = ".part";

    private final AllowedHosts hosts;
    private final HttpClient http;
    private final Path spool;
    private final Clock clock;
    private final Duration idleTimeout;
    /** The MD5 and SHA-1 of the downloads under way, one thread each; idle threads end after a minute. */
    private final ExecutorService sideHashing = Executors.newCachedThreadPool(daemon("holdfast-hashing"));

    /** @param idleTimeout how long the host may send nothing (before the headers or mid-body) before it counts as stalled */
    public MediaFetcher(AllowedHosts hosts, HttpClient http, Path spool, Clock clock, Duration idleTimeout) {
        this.hosts = hosts;
        this.http = http;
        this.spool = spool;
        this.clock = clock;
        this.idleTimeout = idleTimeout;
    }

    /**
     * Makes the JDK HttpClient hand response bodies on in pieces of up to {@link #PIECE_BYTES} instead of its
     * default 16 KiB, unless {@code -Djdk.httpclient.bufsize} was given. The JDK reads the property once, when the
     * first client in the JVM is made, and it then holds for every client: call this before any is built. Each piece
     * passes through several queues and threads; a 300 MB recording in 16 KiB pieces is 19,200 passes, which held a
     * just-started exporter to about half the speed of a plain copy.
     */
    public static void preferLargeHttpBuffers() {
        if (System.getProperty("jdk.httpclient.bufsize") == null) {
            System.setProperty("jdk.httpclient.bufsize", Integer.toString(PIECE_BYTES));
        }
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** A client for media hosts: no redirects followed by itself, no cookies, no credentials. */
    public static HttpClient mediaClient() {
        return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(15)).version(HttpClient.Version.HTTP_1_1).build();
    }

    /**
     * Deletes spool files a dead run left behind (a {@code kill -9} runs no finally block): those of a process
     * that no longer runs on this machine (the spool is local: its files carry their process id), and any untouched
     * for longer than {@code olderThan} (a stalled download of a live process: its recording is tried again anyway).
     * A live process's recent files stay. Answers how many were deleted.
     */
    public int sweep(Duration olderThan) {
        if (!Files.isDirectory(spool)) {
            return 0;
        }
        long cutoff = clock.millis() - olderThan.toMillis();
        int deleted = 0;
        try (var files = Files.newDirectoryStream(spool, SPOOL_PREFIX + "*" + SPOOL_SUFFIX)) {
            for (Path file : files) {
                boolean abandoned = !ownerAlive(file) || Files.getLastModifiedTime(file).toMillis() < cutoff;
                if (abandoned && Files.deleteIfExists(file)) {
                    deleted++;
                }
            }
        } catch (IOException e) {
            LOG.warn("could not sweep the spool {}: {}", spool, e.getMessage());
        }
        if (deleted > 0) {
            LOG.info("swept {} spool files a dead run left in {}", deleted, spool);
        }
        return deleted;
    }

    // recording-<pid>-<random>.part; a name without a process id (an older spool file) counts as alive
    private static boolean ownerAlive(Path file) {
        String name = file.getFileName().toString();
        int end = name.indexOf('-', SPOOL_PREFIX.length());
        try {
            long pid = Long.parseLong(name.substring(SPOOL_PREFIX.length(), end));
            return pid == ProcessHandle.current().pid() || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            return true;
        }
    }

    /**
     * Bytes Genesys sent inside an API answer (a chat's or messaging's transcript) into the spool like a download,
     * hashed in the same pass: what is delivered and checked at the destination is exactly what was written here.
     *
     * @param path recorded in the sidecar ({@code inline})
     */
    public MediaFile keep(byte[] bytes, String contentType, String path) {
        Path file = null;
        try {
            Files.createDirectories(spool);
            file = Files.createTempFile(spool, SPOOL_PREFIX + ProcessHandle.current().pid() + "-", SPOOL_SUFFIX);
            Files.write(file, bytes);
            Digests digested = Digests.of(bytes);
            return new MediaFile(file, digested.sha256(), digested.size(), contentType, path, null, clock.instant(),
                    digested.md5(), digested.sha1());
        } catch (IOException e) {
            delete(file);
            throw new UncheckedIOException(e);
        }
    }

    /** @param path {@code direct} or {@code batch}, recorded in the sidecar */
    public MediaFile fetch(String mediaUrl, String path) {
        URI uri = parse(mediaUrl);
        for (int transientFailures = 0; ; transientFailures++) {
            try {
                return fetchFollowingRedirects(uri, path);
            } catch (TransientMediaException e) {
                if (transientFailures >= MAX_TRANSIENT_RETRIES) {
                    throw new MediaUnavailableException(e.getMessage());
                }
                pause(500L << transientFailures);
            }
        }
    }

    private MediaFile fetchFollowingRedirects(URI uri, String path) {
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            hosts.check(uri);
            HttpResponse<InputStream> response = send(uri);
            int status = response.statusCode();
            if (status == 200) {
                return spool(response, uri, path);
            }
            close(response);
            if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
                String from = where(uri);
                String location = response.headers().firstValue("Location")
                        .orElseThrow(() -> new CorruptMediaException("redirect without Location from " + from));
                uri = uri.resolve(location);
                continue;
            }
            if (status == 403 || status == 404 || status == 410) {
                throw new MediaExpiredException("media URL on " + where(uri) + " answered " + status);
            }
            if (status == 429 || status >= 500) {
                throw new TransientMediaException("media host " + where(uri) + " answered " + status);
            }
            throw new MediaUnavailableException("media host " + where(uri) + " answered " + status);
        }
        throw new MediaRejectedException("more than " + MAX_REDIRECTS + " redirects for a media URL");
    }

    private MediaFile spool(HttpResponse<InputStream> response, URI uri, String path) {
        OptionalLong announced = response.headers().firstValueAsLong("Content-Length");
        if (announced.isPresent() && (announced.getAsLong() > MAX_MEDIA_BYTES || announced.getAsLong() < 0)) {
            close(response);
            throw new CorruptMediaException("media on " + where(uri) + " announces an absurd length " + announced.getAsLong());
        }
        Path file = null;
        try {
            Files.createDirectories(spool);
            if (announced.isPresent() && announced.getAsLong() > spool.toFile().getUsableSpace()) {
                close(response);
                throw new UncheckedIOException(new IOException("spool " + spool + " has no room for "
                        + announced.getAsLong() + " bytes"));
            }
            file = Files.createTempFile(spool, SPOOL_PREFIX + ProcessHandle.current().pid() + "-", SPOOL_SUFFIX);
            byte[] head = new byte[MediaSignature.HEAD_BYTES];
            int headLength = 0;
            long size = 0;
            Digests digested;
            // MD5 and SHA-1 for the load file in the same pass, on a thread of their own: the spool file is never
            // read again to hash them, and where a core is free they no longer slow the download
            try (InputStream in = response.body(); FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE);
                 PipelinedDigests digests = new PipelinedDigests(sideHashing, PIECE_BYTES)) {
                while (true) {
                    byte[] buffer = digests.piece();
                    int n = in.read(buffer);
                    if (n < 0) {
                        digests.giveBack(buffer);
                        break;
                    }
                    if (headLength < head.length) {
                        int take = Math.min(n, head.length - headLength);
                        System.arraycopy(buffer, 0, head, headLength, take);
                        headLength += take;
                    }
                    digests.hash(buffer, n);
                    ByteBuffer piece = ByteBuffer.wrap(buffer, 0, n);
                    while (piece.hasRemaining()) {
                        out.write(piece);
                    }
                    size += n;
                    if (size > MAX_MEDIA_BYTES) {
                        throw new CorruptMediaException("media on " + where(uri) + " exceeds " + MAX_MEDIA_BYTES + " bytes");
                    }
                }
                digested = digests.finish();
            }
            if (announced.isPresent() && announced.getAsLong() != size) {
                throw new CorruptMediaException("media on " + where(uri) + " announced " + announced.getAsLong()
                        + " bytes but sent " + size);
            }
            String container = MediaSignature.of(head, headLength,
                    response.headers().firstValue("Content-Type").orElse(null));
            if (container == null) {
                throw new CorruptMediaException("media on " + where(uri) + " is not a recognisable recording ("
                        + response.headers().firstValue("Content-Type").orElse("no content type") + ")");
            }
            String contentType = response.headers().firstValue("Content-Type").orElse("application/octet-stream");
            LOG.debug("spooled {} bytes from {}", size, where(uri));
            return new MediaFile(file, digested.sha256(), size, contentType, path, uri.getHost(), clock.instant(),
                    digested.md5(), digested.sha1());
        } catch (HttpTimeoutException e) {
            delete(file);
            throw stalled(uri, e);
        } catch (IOException e) {
            delete(file);
            // a connection cut mid-body is a transient fault; a full spool disk is our own
            if (e.getMessage() != null && e.getMessage().contains("No space left")) {
                throw new UncheckedIOException(e);
            }
            throw new TransientMediaException("media transfer from " + where(uri) + " broke: " + e.getClass().getSimpleName());
        } catch (RuntimeException e) {
            delete(file);
            throw e;
        }
    }

    private HttpResponse<InputStream> send(URI uri) {
        // presigned: no Authorization header, ever
        // the request timeout covers the wait for the headers, the body's own idle timeout every wait after them
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(idleTimeout).GET().build();
        try {
            return http.send(request, IdleTimeoutBody.handler(idleTimeout));
        } catch (HttpTimeoutException e) {
            if (e instanceof HttpConnectTimeoutException) {
                throw new TransientMediaException("media host " + where(uri) + " unreachable: " + e.getClass().getSimpleName());
            }
            throw stalled(uri, e);
        } catch (IOException e) {
            throw new TransientMediaException("media host " + where(uri) + " unreachable: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MediaUnavailableException("interrupted");
        }
    }

    private MediaStalledException stalled(URI uri, HttpTimeoutException e) {
        LOG.warn("media host {} sent nothing for {}: the recording goes pending", where(uri), idleTimeout);
        return new MediaStalledException("media host " + where(uri) + " stalled: " + e.getMessage());
    }

    private static URI parse(String mediaUrl) {
        if (mediaUrl == null || mediaUrl.isBlank()) {
            // a fresh answer without a URL (archived or expired meanwhile): the batch fallback takes over
            throw new MediaExpiredException("Genesys gave no media URL this time");
        }
        try {
            return URI.create(mediaUrl);
        } catch (IllegalArgumentException e) {
            throw new MediaRejectedException("media URL is not a valid URI");
        }
    }

    /** Host and path only: the query of a presigned URL is a credential. */
    static String where(URI uri) {
        return uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + uri.getRawPath();
    }

    private static void close(HttpResponse<InputStream> response) {
        try {
            response.body().close();
        } catch (IOException ignored) {
            // nothing to keep from a body we refuse
        }
    }

    private static void delete(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // swept at the next start (sweep)
            }
        }
    }

    private static void pause(long ms) {
        try {
            TimeUnit.MILLISECONDS.sleep(ms + ThreadLocalRandom.current().nextLong(ms / 4 + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MediaUnavailableException("interrupted");
        }
    }

    private static final class TransientMediaException extends RuntimeException {
        TransientMediaException(String message) {
            super(message);
        }
    }
}

package dev.holdfast.bench;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * A plain copy of one media URL to disk in a fresh JVM, so that it starts as cold as {@code holdfast export}
 * does: {@code PlainCopy URL FILE [sha256]}. Prints the seconds from the request to the closed file; with
 * {@code sha256} it also hashes the bytes on the way (64 KiB reads, as the exporter does).
 */
public final class PlainCopy {

    private PlainCopy() {
    }

    public static void main(String[] args) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Path file = Path.of(args[1]);
        boolean hash = args.length > 2 && args[2].equals("sha256");
        long started = System.nanoTime();
        HttpRequest request = HttpRequest.newBuilder(URI.create(args[0])).GET().build();
        if (hash) {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body(); OutputStream out = Files.newOutputStream(file)) {
                byte[] buffer = new byte[64 * 1024];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    sha256.update(buffer, 0, n);
                    out.write(buffer, 0, n);
                }
            }
            sha256.digest();
        } else {
            http.send(request, HttpResponse.BodyHandlers.ofFile(file));
        }
        System.out.println((System.nanoTime() - started) / 1e9);
    }
}

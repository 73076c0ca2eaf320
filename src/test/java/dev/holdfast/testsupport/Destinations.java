package dev.holdfast.testsupport;


import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The destination settings the scenarios use, as the command line takes them. */
public final class Destinations {

    private Destinations() {
    }

    /** SFTP through {@code port} (the server's own, or a proxy's), host key from {@code knownHosts}. */
    public static Map<String, String> sftp(int port, Path knownHosts, String dir) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("holdfast.destination", "sftp");
        settings.put("holdfast.sftp.host", "127.0.0.1");
        settings.put("holdfast.sftp.port", Integer.toString(port));
        settings.put("holdfast.sftp.username", SftpTestServer.USERNAME);
        settings.put("holdfast.sftp.password", SftpTestServer.PASSWORD);
        settings.put("holdfast.sftp.known-hosts-file", knownHosts.toString());
        settings.put("holdfast.sftp.dir", dir);
        return settings;
    }

    public static Map<String, String> s3(S3MockServer s3, String bucket, String prefix) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("holdfast.destination", "s3");
        settings.put("holdfast.s3.bucket", bucket);
        settings.put("holdfast.s3.prefix", prefix);
        settings.put("holdfast.s3.endpoint", s3.endpoint());
        settings.put("holdfast.s3.region", S3MockServer.REGION);
        return settings;
    }

    public static Map<String, String> folder(Path dir) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("holdfast.destination", "file");
        settings.put("holdfast.file.dir", dir.toAbsolutePath().toString());
        return settings;
    }
}

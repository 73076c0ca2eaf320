package dev.holdfast.custody;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A second, small validator written straight from RFC 8493 (sections 2.1.1, 2.1.3, 2.2.2, 2.2.3, 3) for what the
 * Library of Congress library (written before the RFC) does not do: decoding {@code %25} in manifest paths. It
 * shares no code with the writer or the verifier. Returns what is wrong; empty means valid.
 */
final class Rfc8493Validator {

    private Rfc8493Validator() {
    }

    static List<String> validate(Path bag) throws Exception {
        List<String> errors = new ArrayList<>();
        Path declaration = bag.resolve("bagit.txt");
        if (!Files.isRegularFile(declaration)) {
            return List.of("bagit.txt missing");
        }
        List<String> decl = Files.readAllLines(declaration, StandardCharsets.UTF_8);
        if (decl.size() != 2 || !decl.get(0).matches("BagIt-Version: [0-9]+\\.[0-9]+")
                || !decl.get(1).startsWith("Tag-File-Character-Encoding: ")) {
            errors.add("bagit.txt malformed");
        }
        if (!Files.isDirectory(bag.resolve("data"))) {
            errors.add("data/ missing");
        }
        Path manifest = bag.resolve("manifest-sha256.txt");
        if (!Files.isRegularFile(manifest)) {
            errors.add("manifest-sha256.txt missing");
            return errors;
        }
        Set<String> listed = check(bag, manifest, errors);
        // without data/ (reported above) the payload is counted as nothing, so Payload-Oxum is still checked
        try (Stream<Path> files = Files.isDirectory(bag.resolve("data")) ? Files.walk(bag.resolve("data")) : Stream.empty()) {
            long octets = 0;
            long streams = 0;
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                octets += Files.size(file);
                streams++;
                String rel = bag.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
                if (!listed.contains(rel)) {
                    errors.add("payload file not in manifest: " + rel);
                }
            }
            for (String line : Files.readAllLines(bag.resolve("bag-info.txt"), StandardCharsets.UTF_8)) {
                if (line.startsWith("Payload-Oxum:") && !line.substring(13).trim().equals(octets + "." + streams)) {
                    errors.add("Payload-Oxum " + line.substring(13).trim() + " != " + octets + "." + streams);
                }
            }
        }
        Path tagManifest = bag.resolve("tagmanifest-sha256.txt");
        if (Files.isRegularFile(tagManifest)) {
            check(bag, tagManifest, errors);
        }
        return errors;
    }

    /** Checks each entry of a manifest; returns the decoded paths it lists. */
    private static Set<String> check(Path bag, Path manifest, List<String> errors) throws Exception {
        Set<String> listed = new HashSet<>();
        for (String line : Files.readAllLines(manifest, StandardCharsets.UTF_8)) {
            String[] parts = line.split("[ \t]+", 2);
            if (parts.length != 2 || !parts[0].matches("[0-9a-fA-F]{64}")) {
                errors.add(manifest.getFileName() + ": bad line " + line);
                continue;
            }
            // RFC 8493 2.1.3: only CR, LF and % are percent-encoded; %25 goes last so an encoded "%0A" text stays text
            String path = parts[1].replaceAll("(?i)%0A", "\n").replaceAll("(?i)%0D", "\r").replace("%25", "%");
            listed.add(path);
            Path file = bag.resolve(path).normalize();
            if (!file.startsWith(bag)) {
                errors.add("path outside bag: " + path);
            } else if (!Files.isRegularFile(file)) {
                errors.add("listed file missing: " + path);
            } else if (!digest(file).equalsIgnoreCase(parts[0])) {
                errors.add("checksum mismatch: " + path);
            }
        }
        return listed;
    }

    private static String digest(Path file) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException e) {
            return "unreadable";
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}

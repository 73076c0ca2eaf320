package dev.holdfast.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** A copy of a whole folder (an exported destination), so that a test can tamper with the copy and keep the original. */
public final class FolderCopy {

    private FolderCopy() {
    }

    /** Copies {@code source} and everything below it to {@code target}; answers {@code target}. */
    public static Path of(Path source, Path target) throws IOException {
        try (Stream<Path> files = Files.walk(source)) {
            for (Path from : files.toList()) {
                Path to = target.resolve(source.relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to);
                }
            }
        }
        return target;
    }
}

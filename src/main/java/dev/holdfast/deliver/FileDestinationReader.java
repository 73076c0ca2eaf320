package dev.holdfast.deliver;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Reads what the {@code file} destination holds under its root folder. */
public final class FileDestinationReader implements DestinationReader {

    private final Path root;

    public FileDestinationReader(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public Optional<StoredObject> stat(String key) throws IOException {
        BasicFileAttributes attributes;
        try {
            // a symbolic link planted at the destination must not make us vouch for what it points to
            attributes = Files.readAttributes(resolve(key), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (!attributes.isRegularFile()) {
            throw new IOException(describe() + "/" + key + " exists but is not a regular file");
        }
        return Optional.of(new StoredObject(key, attributes.size(), null));
    }

    @Override
    public void discardTemporary(String key) throws IOException {
        Path target = resolve(key);
        Files.deleteIfExists(target.resolveSibling(target.getFileName() + KeyPolicy.TEMP_SUFFIX));
    }

    @Override
    public void makeFolder(String key) throws IOException {
        Files.createDirectories(resolve(key));
    }

    @Override
    public InputStream open(String key) throws IOException {
        return Files.newInputStream(resolve(key), LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        Path start = root.resolve(ListPrefix.folderOf(prefix));
        if (!Files.isDirectory(start, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(start)) {
            return files.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .map(p -> root.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/"))
                    .filter(key -> key.startsWith(prefix))
                    .sorted()
                    .toList();
        }
    }

    /** The folder, absolute. */
    public Path root() {
        return root;
    }

    @Override
    public String describe() {
        return "file:" + root;
    }

    private Path resolve(String key) {
        return root.resolve(KeyPolicy.requireSafe(key));
    }

    /** Nothing to release; declared here because Camel looks the destroy method up on the class itself. */
    @Override
    public void close() {
    }
}

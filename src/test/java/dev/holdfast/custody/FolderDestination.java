package dev.holdfast.custody;

import dev.holdfast.deliver.DestinationReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** A destination that is a local folder: the file destination as {@code verify} sees it, for tests. */
final class FolderDestination implements DestinationReader {

    private final Path root;

    FolderDestination(Path root) {
        this.root = root;
    }

    @Override
    public Optional<StoredObject> stat(String key) throws IOException {
        Path file = root.resolve(key);
        return Files.isRegularFile(file) ? Optional.of(new StoredObject(key, Files.size(file), null)) : Optional.empty();
    }

    @Override
    public InputStream open(String key) throws IOException {
        return Files.newInputStream(root.resolve(key));
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .map(f -> root.relativize(f).toString().replace(f.getFileSystem().getSeparator(), "/"))
                    .filter(key -> key.startsWith(prefix))
                    .sorted()
                    .toList();
        }
    }

    @Override
    public String describe() {
        return "file:" + root;
    }
}

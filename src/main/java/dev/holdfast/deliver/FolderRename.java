package dev.holdfast.deliver;

import dev.holdfast.config.RouteKeys;
import dev.holdfast.integrity.Sha256;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The steps of a delivery to a folder around the write. A recording's spool file is linked in as
 * {@code <key>.part}: a second name for the same bytes when the spool is on the folder's file system, so they are
 * not copied once more, else a copy. Then the file at {@code <key>.part} is read back from the folder and hashed,
 * and only when it holds exactly the announced bytes is it renamed to its key, never over an existing file. A wrong
 * file (a source that differs from its headers, a write gone wrong) thus never appears under a recording's name,
 * where it could not be replaced; and no second read is needed after the rename. The file is fsynced before the
 * rename and its directories after it, so that what the ledger then records as DELIVERED survives a power loss.
 */
public final class FolderRename {

    private final Path root;
    private final Durability durability;

    public FolderRename(Path root) {
        this(root, Durability.FSYNC);
    }

    public FolderRename(Path root, Durability durability) {
        this.root = root.toAbsolutePath().normalize();
        this.durability = durability;
    }

    /**
     * Puts the spool file's bytes at {@code <key>.part} (replacing one a dead attempt left): a hard link on the same
     * file system, else a copy. The spool file stays, for any later step of the route and until the recording's
     * outcome deletes it; nothing writes to it after the download, so the two names cannot drift apart.
     */
    public void linkIn(File spool, String key) throws IOException {
        Path temporary = temporaryOf(target(key));
        Files.createDirectories(temporary.getParent());
        Files.deleteIfExists(temporary);
        try {
            Files.createLink(temporary, spool.toPath());
        } catch (FileSystemException | UnsupportedOperationException e) {
            // another file system than the spool's, or one without hard links: the bytes are copied
            Files.copy(spool.toPath(), temporary, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Confirms {@code <key>.part} and renames it to {@code key}; otherwise {@link DeliveryNotConfirmedException},
     * or {@link java.nio.file.FileAlreadyExistsException} when the key was taken meanwhile. The temporary file is
     * left for the route to discard on failure.
     */
    public void confirmThenRename(String key, String sha256, Long size) throws IOException {
        Sha256.requireHex(sha256, RouteKeys.SHA256);
        if (size == null || size < 0) {
            throw new IllegalArgumentException("header HoldfastSize is missing or negative: " + size);
        }
        Path target = target(key);
        Path temporary = temporaryOf(target);
        BasicFileAttributes written = regularFile(temporary, key);
        Sha256.Measured found = measure(temporary);
        if (found.size() != size || !found.sha256().equals(sha256)) {
            throw new DeliveryNotConfirmedException(location(key) + KeyPolicy.TEMP_SUFFIX + " holds " + found.size()
                    + " bytes with SHA-256 " + found.sha256() + " after the write, expected " + size + " bytes with SHA-256 "
                    + sha256 + ": it does not take the name");
        }
        // the bytes reach the disk before the name points at them: after a power loss the key holds all of them or
        // does not exist, never a short or empty file
        durability.file(temporary);
        // no REPLACE_EXISTING: an existing key makes the move fail; checked just before rename(2), as Camel's
        // fileExist=Fail did (the ledger's lease gives each recording to one worker at a time)
        Files.move(temporary, target);
        BasicFileAttributes renamed = regularFile(target, key);
        Object confirmedFile = written.fileKey();
        if (confirmedFile != null && confirmedFile.equals(renamed.fileKey()) && renamed.size() == size) {
            syncDirectories(target);
            return;
        }
        // no file identity to compare on this file system (or not the same file): read the key itself back
        Sha256.Measured atKey = measure(target);
        if (atKey.size() != size || !atKey.sha256().equals(sha256)) {
            throw new DeliveryNotConfirmedException(location(key) + " holds " + atKey.size() + " bytes with SHA-256 "
                    + atKey.sha256() + " after the rename, expected " + size + " bytes with SHA-256 " + sha256);
        }
        syncDirectories(target);
    }

    /**
     * A file found already at its key (an attempt that died before the ledger knew): synced with its directories
     * before the ledger is told, since that attempt may have died between its rename and the directories' sync.
     */
    public void settle(String key) throws IOException {
        Path target = target(key);
        regularFile(target, key);
        durability.file(target);
        syncDirectories(target);
    }

    /**
     * The directory holding the new name, and each one above it up to the root: a folder created for this file (the
     * bag's, a day's, a conversation's) is itself only an entry in its parent until that is synced.
     */
    private void syncDirectories(Path target) throws IOException {
        for (Path directory = target.getParent(); directory != null && directory.startsWith(root); directory = directory.getParent()) {
            durability.directory(directory);
        }
    }

    private Path target(String key) {
        return root.resolve(KeyPolicy.requireSafe(key));
    }

    private static Path temporaryOf(Path target) {
        return target.resolveSibling(target.getFileName() + KeyPolicy.TEMP_SUFFIX);
    }

    private String location(String key) {
        return "file:" + root + "/" + key;
    }

    // a symbolic link planted at either name must not make us vouch for what it points to
    private BasicFileAttributes regularFile(Path file, String key) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw new DeliveryNotConfirmedException(location(key) + " (" + file.getFileName() + ") is absent after the write");
        }
        if (!attributes.isRegularFile()) {
            throw new DeliveryNotConfirmedException(location(key) + " (" + file.getFileName() + ") is not a regular file");
        }
        return attributes;
    }

    private static Sha256.Measured measure(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            return Sha256.measure(in);
        }
    }
}

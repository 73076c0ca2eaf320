package dev.holdfast.testsupport;

import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.SftpModuleProperties;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.apache.sshd.sftp.server.SftpFileSystemAccessor;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.apache.sshd.sftp.server.SftpSubsystemProxy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.List;

/**
 * A real SFTP server on loopback for tests: Apache MINA SSHD in this JVM on 127.0.0.1 and a free port, a fresh
 * host key, password login, files under {@link #root()}, and a {@code known_hosts} file that lists its key.
 * {@link #failWritesAfter(long)} makes it fail uploads part-way, for fault tests. It offers OpenSSH's
 * {@code fsync@openssh.com} as MINA SSHD does by default ({@link #withoutFsync()}: a server that does not) and records
 * every file it synced ({@link #synced()}).
 */
public final class SftpTestServer implements AutoCloseable {

    public static final String USERNAME = "holdfast";
    public static final String PASSWORD = "holdfast-test-password";

    private final SshServer server;
    private final Path root;
    private final Path knownHostsFile;
    private final KeyPair hostKey;
    private volatile long failWritesAfter = -1;
    private final java.util.List<WriteObserver> writeObservers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicLong writes = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.List<Path> synced = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Sees every SFTP write before it happens: the file (on the server's disk), its offset and length. */
    @FunctionalInterface
    public interface WriteObserver {
        void writing(Path file, long offset, int length) throws IOException;
    }

    private SftpTestServer(Path root, Path work, boolean offerFsync) throws IOException, GeneralSecurityException {
        this.root = root;
        this.hostKey = newHostKey();
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setPasswordAuthenticator((user, password, session) -> USERNAME.equals(user) && PASSWORD.equals(password));
        SftpSubsystemFactory sftp = new SftpSubsystemFactory();
        sftp.addSftpEventListener(new SftpEventListener() {
            @Override
            public void writing(ServerSession session, String remoteHandle, FileHandle localHandle, long offset,
                                byte[] data, int dataOffset, int dataLen) throws IOException {
                writes.incrementAndGet();
                for (WriteObserver observer : writeObservers) {
                    observer.writing(localHandle.getFile(), offset, dataLen);
                }
                long limit = failWritesAfter;
                if (limit >= 0 && offset + dataLen > limit) {
                    throw new IOException("injected fault: write beyond " + limit + " bytes refused");
                }
            }
        });
        sftp.setFileSystemAccessor(new SftpFileSystemAccessor() {
            @Override
            public void syncFileData(SftpSubsystemProxy subsystem, FileHandle fileHandle, Path file, String handle,
                                     java.nio.channels.Channel channel) throws IOException {
                SftpFileSystemAccessor.super.syncFileData(subsystem, fileHandle, file, handle, channel);
                // the path as the login sees it (its home is the root)
                synced.add(Path.of(file.toString().replaceFirst("^/+", "")));
            }
        });
        if (!offerFsync) {
            // MINA's default list of OpenSSH extensions without fsync@openssh.com
            SftpModuleProperties.OPENSSH_EXTENSIONS.set(server,
                    "posix-rename@openssh.com=1,statvfs@openssh.com=2,fstatvfs@openssh.com=2,hardlink@openssh.com=1");
        }
        server.setSubsystemFactories(List.of(sftp));
        server.setFileSystemFactory(new VirtualFileSystemFactory(root));
        server.start();
        knownHostsFile = work.resolve("known_hosts");
        Files.writeString(knownHostsFile, knownHostsLine(hostKey) + "\n");
    }

    /** Starts a server whose files live in a new temporary folder. */
    public static SftpTestServer start() {
        return start(true);
    }

    /** A server that does not offer {@code fsync@openssh.com} (as some SFTP servers other than OpenSSH do not). */
    public static SftpTestServer withoutFsync() {
        return start(false);
    }

    private static SftpTestServer start(boolean offerFsync) {
        try {
            Path work = Files.createTempDirectory("sftp-test");
            Path root = Files.createDirectories(work.resolve("root"));
            return new SftpTestServer(root, work, offerFsync);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot start the SFTP test server", e);
        }
    }

    /** The folder the login sees as its home ({@code /}). */
    public Path root() {
        return root;
    }

    public int port() {
        return server.getPort();
    }

    /** A known_hosts file holding exactly this server's host key (as {@code [127.0.0.1]:port}). */
    public Path knownHostsFile() {
        return knownHostsFile;
    }

    /**
     * A known_hosts file listing this server's host key for {@code [127.0.0.1]:port}: for a client that reaches the
     * server through a proxy on that port.
     */
    public Path knownHostsFileFor(int port) {
        try {
            Path file = knownHostsFile.resolveSibling("known_hosts_" + port);
            Files.writeString(file, "[127.0.0.1]:" + port + " " + PublicKeyEntry.toString(hostKey.getPublic()) + "\n");
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A known_hosts file in which this server's address is listed with some other host key: a changed key. */
    public Path knownHostsFileWithOtherKey() {
        try {
            Path file = knownHostsFile.resolveSibling("known_hosts_other");
            Files.writeString(file, knownHostsLine(newHostKey()) + "\n");
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** From now on, writes past this many bytes into any file fail; {@code -1} lets every write through again. */
    public void failWritesAfter(long bytes) {
        failWritesAfter = bytes;
    }

    /** Adds an observer of writes (a test's trigger: kill the client, cut its connection, ...). */
    public void observeWrites(WriteObserver observer) {
        writeObservers.add(observer);
    }

    /** Files the server fsynced at a client's {@code fsync@openssh.com} request, relative to {@link #root()}. */
    public List<Path> synced() {
        return synced;
    }

    /** SFTP write requests served so far. */
    public long writes() {
        return writes.get();
    }

    @Override
    public void close() {
        try {
            server.stop(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String knownHostsLine(KeyPair key) {
        return "[127.0.0.1]:" + port() + " " + PublicKeyEntry.toString(key.getPublic());
    }

    private static KeyPair newHostKey() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        return generator.generateKeyPair();
    }
}

package dev.holdfast.deliver;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchChangedHostKeyException;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.JSchUnknownHostKeyException;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SftpATTRS;
import com.jcraft.jsch.SftpException;
import dev.holdfast.config.ConfigurationException;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads what the {@code sftp} destination holds, over its own SSH session (JSch, as camel-sftp uses), with the
 * server's host key always checked against the configured known-hosts file. One channel per call, so that
 * concurrent confirmations never share one.
 */
public final class SftpDestinationReader implements DestinationReader {

    /** Where and as whom to connect; {@code password} or {@code privateKeyFile} may be {@code null}. */
    public record Target(String host, int port, String username, String password, Path privateKeyFile,
                         Path knownHostsFile, String dir) {
    }

    private static final int TIMEOUT_MILLIS = 15_000;
    // one round trip on a session already up; JSch notices a session that died under it only when this runs out
    private static final int CHANNEL_OPEN_MILLIS = 5_000;

    private final Target target;
    private final String dir;
    private Session session;

    public SftpDestinationReader(Target target) {
        this.target = target;
        // camel-sftp takes the directory relative to the login folder and drops leading slashes: do the same
        String trimmed = target.dir() == null ? "" : target.dir().strip().replaceAll("^/+|/+$", "");
        this.dir = trimmed.isEmpty() ? "" : KeyPolicy.requireSafe(trimmed);
    }

    @Override
    public Optional<StoredObject> stat(String key) throws IOException {
        String path = remotePath(key);
        ChannelSftp sftp = channel();
        try {
            SftpATTRS attributes = sftp.lstat(path);
            if (!attributes.isReg()) {
                throw new IOException(describe() + "/" + key + " exists but is not a regular file");
            }
            return Optional.of(new StoredObject(key, attributes.getSize(), null));
        } catch (SftpException e) {
            if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                return Optional.empty();
            }
            throw new IOException("cannot read " + describe() + "/" + key + ": " + e.getMessage(), e);
        } finally {
            sftp.disconnect();
        }
    }

    @Override
    public InputStream open(String key) throws IOException {
        String path = remotePath(key);
        ChannelSftp sftp = channel();
        try {
            return new FilterInputStream(sftp.get(path)) {
                @Override
                public void close() throws IOException {
                    try {
                        super.close();
                    } finally {
                        sftp.disconnect();
                    }
                }
            };
        } catch (SftpException e) {
            sftp.disconnect();
            throw new IOException("cannot read " + describe() + "/" + key + ": " + e.getMessage(), e);
        }
    }

    /** {@code fsync@openssh.com} on the file when the server offers it; {@code not-offered} otherwise. */
    @Override
    public String sync(String key) throws IOException {
        String path = remotePath(key);
        try {
            return SftpFsync.sync(session(), path, CHANNEL_OPEN_MILLIS);
        } catch (DestinationUnavailableException e) {
            throw e;
        } catch (IOException stale) {
            // a session cut by the network still looks connected: one fresh session, as for the other calls
            dropSession();
            return SftpFsync.sync(session(), path, CHANNEL_OPEN_MILLIS);
        }
    }

    @Override
    public void discardTemporary(String key) throws IOException {
        String path = remotePath(key) + KeyPolicy.TEMP_SUFFIX;
        ChannelSftp sftp = channel();
        try {
            sftp.rm(path);
        } catch (SftpException e) {
            if (e.id != ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                throw new IOException("cannot delete " + describe() + "/" + key + KeyPolicy.TEMP_SUFFIX + ": " + e.getMessage(), e);
            }
        } finally {
            sftp.disconnect();
        }
    }

    @Override
    public void makeFolder(String key) throws IOException {
        String path = remotePath(key);
        ChannelSftp sftp = channel();
        try {
            StringBuilder folder = new StringBuilder();
            for (String part : path.split("/")) {
                folder.append(folder.length() == 0 ? "" : "/").append(part);
                try {
                    if (!sftp.lstat(folder.toString()).isDir()) {
                        throw new IOException(describe() + "/" + key + ": " + folder + " exists but is not a folder");
                    }
                } catch (SftpException absent) {
                    if (absent.id != ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                        throw absent;
                    }
                    sftp.mkdir(folder.toString());
                }
            }
        } catch (SftpException e) {
            throw new IOException("cannot make the folder " + describe() + "/" + key + ": " + e.getMessage(), e);
        } finally {
            sftp.disconnect();
        }
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        String folder = ListPrefix.folderOf(prefix);
        ChannelSftp sftp = channel();
        try {
            List<String> keys = new ArrayList<>();
            walk(sftp, folder, keys);
            return keys.stream().filter(k -> k.startsWith(prefix)).sorted().toList();
        } catch (SftpException e) {
            throw new IOException("cannot list " + describe() + "/" + prefix + ": " + e.getMessage(), e);
        } finally {
            sftp.disconnect();
        }
    }

    @Override
    public String describe() {
        return "sftp://" + target.host() + ":" + target.port() + (dir.isEmpty() ? "" : "/" + dir);
    }

    @Override
    public void close() {
        dropSession();
    }

    private void walk(ChannelSftp sftp, String folder, List<String> keys) throws SftpException {
        String path = folder.isEmpty() ? (dir.isEmpty() ? "." : dir) : remotePath(folder);
        List<ChannelSftp.LsEntry> entries = new ArrayList<>();
        try {
            sftp.ls(path, entry -> {
                entries.add(entry);
                return ChannelSftp.LsEntrySelector.CONTINUE;
            });
        } catch (SftpException e) {
            if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                return;
            }
            throw e;
        }
        for (ChannelSftp.LsEntry entry : entries) {
            String name = entry.getFilename();
            if (name.equals(".") || name.equals("..")) {
                continue;
            }
            String key = folder.isEmpty() ? name : folder + "/" + name;
            if (entry.getAttrs().isDir()) {
                walk(sftp, key, keys);
            } else if (entry.getAttrs().isReg()) {
                keys.add(key);
            }
        }
    }

    private String remotePath(String key) {
        String safe = KeyPolicy.requireSafe(key);
        return dir.isEmpty() ? safe : dir + "/" + safe;
    }

    private ChannelSftp channel() throws IOException {
        try {
            return openChannel(session());
        } catch (JSchException stale) {
            // a session cut by the network still looks connected until JSch's reader thread notices: the channel
            // fails on it, so it is dropped and one fresh session is tried before the store counts as unreachable
            dropSession();
            try {
                return openChannel(session());
            } catch (JSchException e) {
                throw new DestinationUnavailableException("cannot open an SFTP channel to " + describe()
                        + " as '" + target.username() + "': " + e.getMessage(), e);
            }
        }
    }

    private static ChannelSftp openChannel(Session live) throws JSchException {
        ChannelSftp sftp = (ChannelSftp) live.openChannel("sftp");
        if (sftp == null) {
            // JSch answers null, not an exception, when the session's connection broke while opening the channel
            throw new JSchException("the SSH session broke while an SFTP channel was being opened");
        }
        sftp.connect(CHANNEL_OPEN_MILLIS);
        return sftp;
    }

    private synchronized void dropSession() {
        if (session != null) {
            session.disconnect();
            session = null;
        }
    }

    private synchronized Session session() throws IOException {
        if (session != null && session.isConnected()) {
            return session;
        }
        Path knownHosts = target.knownHostsFile();
        if (knownHosts == null || !Files.isReadable(knownHosts)) {
            throw new ConfigurationException("the SFTP known-hosts file " + knownHosts + " cannot be read (setting "
                    + "holdfast.sftp.known-hosts-file): host keys are always checked, so it must list "
                    + target.host() + "'s key");
        }
        try {
            JSch jsch = new JSch();
            jsch.setKnownHosts(knownHosts.toString());
            if (target.privateKeyFile() != null) {
                jsch.addIdentity(target.privateKeyFile().toString());
            }
            Session fresh = jsch.getSession(target.username(), target.host(), target.port());
            if (target.password() != null) {
                fresh.setPassword(target.password());
            }
            fresh.setConfig("StrictHostKeyChecking", "yes");
            fresh.setTimeout(TIMEOUT_MILLIS);
            fresh.connect(TIMEOUT_MILLIS);
            session = fresh;
            return fresh;
        } catch (JSchException e) {
            throw new DestinationUnavailableException(explain(e), e);
        }
    }

    private String explain(JSchException e) {
        String server = "SFTP server " + target.host() + ":" + target.port();
        String knownHosts = target.knownHostsFile().toAbsolutePath().toString();
        if (e instanceof JSchUnknownHostKeyException) {
            return server + " presented a host key that is not in the known-hosts file " + knownHosts
                    + " (setting holdfast.sftp.known-hosts-file): confirm the key's fingerprint with the server's"
                    + " operator, then add it there (" + e.getMessage() + ")";
        }
        if (e instanceof JSchChangedHostKeyException) {
            return server + " presented a host key DIFFERENT from the one in the known-hosts file " + knownHosts
                    + " (setting holdfast.sftp.known-hosts-file): the server was replaced or someone is in between;"
                    + " nothing was sent (" + e.getMessage() + ")";
        }
        if (String.valueOf(e.getMessage()).startsWith("Auth fail")) {
            return server + " refused the login as '" + target.username() + "': check holdfast.sftp.username and"
                    + " holdfast.sftp.password or holdfast.sftp.private-key-file";
        }
        if (e.getCause() instanceof UnknownHostException) {
            return "the SFTP host name '" + target.host() + "' cannot be resolved (setting holdfast.sftp.host)";
        }
        if (e.getCause() instanceof ConnectException) {
            return server + " refused the connection: check holdfast.sftp.host, holdfast.sftp.port and that the"
                    + " server runs";
        }
        return "cannot connect to " + server + " as '" + target.username() + "': " + e.getMessage();
    }
}

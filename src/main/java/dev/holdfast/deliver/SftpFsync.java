package dev.holdfast.deliver;

import com.jcraft.jsch.ChannelSubsystem;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Asks an SFTP server to fsync one file, through OpenSSH's {@code fsync@openssh.com} extension, when the server
 * offers it. JSch's ChannelSftp neither sends that request nor hands out file handles, so this speaks the few
 * packets of SFTP version 3 it needs (draft-ietf-secsh-filexfer-02: INIT, OPEN, EXTENDED, CLOSE) on a channel of its
 * own. The file is opened for reading: fsync(2) flushes the file, whichever descriptor asks.
 */
final class SftpFsync {

    /** What the sidecar says when the file was synced. */
    static final String EXTENSION = "fsync@openssh.com";
    /** What the sidecar says when the server does not offer the extension: the bytes may still be in its cache. */
    static final String NOT_OFFERED = "not-offered";

    private static final int SSH_FXP_INIT = 1;
    private static final int SSH_FXP_VERSION = 2;
    private static final int SSH_FXP_OPEN = 3;
    private static final int SSH_FXP_CLOSE = 4;
    private static final int SSH_FXP_STATUS = 101;
    private static final int SSH_FXP_HANDLE = 102;
    private static final int SSH_FXP_EXTENDED = 200;
    private static final int SSH_FXF_READ = 0x01;
    private static final int SSH_FX_OK = 0;
    /** No answer of these few requests comes near this; a larger length is a broken stream. */
    private static final int MAX_PACKET = 256 * 1024;

    private SftpFsync() {
    }

    /**
     * Syncs {@code path} (relative to the login folder, as camel-sftp wrote it): {@link #EXTENSION} when the server
     * confirmed it, {@link #NOT_OFFERED} when it does not offer the extension. A server that offers it and fails
     * the request throws: the bytes are then not known to be on its disk.
     */
    static String sync(Session session, String path, int timeoutMillis) throws IOException {
        ChannelSubsystem channel;
        try {
            channel = (ChannelSubsystem) session.openChannel("subsystem");
            channel.setSubsystem("sftp");
        } catch (JSchException e) {
            throw new IOException("cannot open an SFTP channel to sync " + path + ": " + e.getMessage(), e);
        }
        try {
            InputStream fromServer = channel.getInputStream();
            OutputStream toServer = channel.getOutputStream();
            channel.connect(timeoutMillis);
            DataInputStream in = new DataInputStream(fromServer);
            send(toServer, SSH_FXP_INIT, body -> body.writeInt(3));
            if (!offered(in)) {
                return NOT_OFFERED;
            }
            byte[] name = path.getBytes(StandardCharsets.UTF_8);
            send(toServer, SSH_FXP_OPEN, body -> {
                body.writeInt(1);
                string(body, name);
                body.writeInt(SSH_FXF_READ);
                body.writeInt(0);
            });
            byte[] handle = handle(in, path);
            try {
                send(toServer, SSH_FXP_EXTENDED, body -> {
                    body.writeInt(2);
                    string(body, EXTENSION.getBytes(StandardCharsets.US_ASCII));
                    string(body, handle);
                });
                requireOk(in, "fsync of " + path);
            } finally {
                send(toServer, SSH_FXP_CLOSE, body -> {
                    body.writeInt(3);
                    string(body, handle);
                });
                requireOk(in, "close of " + path);
            }
            return EXTENSION;
        } catch (JSchException e) {
            throw new IOException("cannot open an SFTP channel to sync " + path + ": " + e.getMessage(), e);
        } finally {
            channel.disconnect();
        }
    }

    /** The server's VERSION answer lists the extensions it offers, as name and data pairs. */
    private static boolean offered(DataInputStream in) throws IOException {
        DataInputStream version = packet(in, SSH_FXP_VERSION, "version");
        version.readInt();
        boolean offered = false;
        while (version.available() > 0) {
            String extension = new String(string(version), StandardCharsets.UTF_8);
            string(version);
            offered |= EXTENSION.equals(extension);
        }
        return offered;
    }

    private static byte[] handle(DataInputStream in, String path) throws IOException {
        byte[] packet = readPacket(in, in.readInt());
        DataInputStream answer = new DataInputStream(new java.io.ByteArrayInputStream(packet, 1, packet.length - 1));
        answer.readInt();
        if (packet[0] == SSH_FXP_HANDLE) {
            return string(answer);
        }
        if (packet[0] == SSH_FXP_STATUS) {
            int code = answer.readInt();
            throw new IOException("the SFTP server cannot open " + path + " to sync it (status " + code + ": "
                    + new String(string(answer), StandardCharsets.UTF_8) + ")");
        }
        throw new IOException("the SFTP server answered an open with packet type " + packet[0]);
    }

    private static void requireOk(DataInputStream in, String what) throws IOException {
        DataInputStream status = packet(in, SSH_FXP_STATUS, what);
        status.readInt();
        int code = status.readInt();
        if (code != SSH_FX_OK) {
            throw new IOException("the SFTP server refused the " + what + " (status " + code + ": "
                    + new String(string(status), StandardCharsets.UTF_8) + ")");
        }
    }

    private static DataInputStream packet(DataInputStream in, int expected, String what) throws IOException {
        byte[] packet = readPacket(in, in.readInt());
        if (packet[0] != (byte) expected) {
            throw new IOException("the SFTP server answered the " + what + " with packet type " + (packet[0] & 0xff));
        }
        return new DataInputStream(new java.io.ByteArrayInputStream(packet, 1, packet.length - 1));
    }

    private static byte[] readPacket(DataInputStream in, int length) throws IOException {
        if (length < 1 || length > MAX_PACKET) {
            throw new IOException("the SFTP server sent a packet of " + length + " bytes");
        }
        byte[] packet = new byte[length];
        in.readFully(packet);
        return packet;
    }

    private interface Body {
        void write(DataOutputStream body) throws IOException;
    }

    private static void send(OutputStream out, int type, Body body) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream data = new DataOutputStream(bytes);
        data.writeByte(type);
        body.write(data);
        DataOutputStream framed = new DataOutputStream(out);
        framed.writeInt(bytes.size());
        bytes.writeTo(framed);
        framed.flush();
    }

    private static void string(DataOutputStream out, byte[] value) throws IOException {
        out.writeInt(value.length);
        out.write(value);
    }

    private static byte[] string(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
            throw new EOFException("an SFTP string runs past its packet");
        }
        byte[] value = new byte[length];
        in.readFully(value);
        return value;
    }
}

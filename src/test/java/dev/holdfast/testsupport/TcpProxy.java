package dev.holdfast.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A TCP proxy on loopback that a test can cut: {@link #cut()} resets every open connection, {@link #refuse()}
 * stops listening (connection refused) until {@link #restore()}. Observers see the bytes clients send (as
 * ISO-8859-1 text, so HTTP request lines can be matched) before they are forwarded. In place of Toxiproxy,
 * which has no server here.
 */
public final class TcpProxy implements AutoCloseable {

    private final InetSocketAddress target;
    private final int port;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final List<Consumer<String>> clientObservers = new CopyOnWriteArrayList<>();
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong clientBytes = new AtomicLong();
    private volatile ServerSocket listener;
    private volatile boolean closed;

    private TcpProxy(InetSocketAddress target) throws IOException {
        this.target = target;
        this.listener = bind(0);
        this.port = listener.getLocalPort();
        acceptLoop(listener);
    }

    public static TcpProxy to(String host, int port) {
        try {
            return new TcpProxy(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    /** Connections accepted so far. */
    public long connections() {
        return connections.get();
    }

    /** Bytes clients sent through the proxy so far. */
    public long clientBytes() {
        return clientBytes.get();
    }

    /** Called with every chunk a client sends, before it is forwarded (on the proxy's thread: keep it short). */
    public void observeClient(Consumer<String> observer) {
        clientObservers.add(observer);
    }

    /** Resets every open connection (RST); new connections are still accepted. */
    public void cut() {
        for (Socket s : open) {
            reset(s);
        }
    }

    /** Cuts every connection and stops listening: clients get "connection refused". */
    public synchronized void refuse() {
        closeQuietly(listener);
        cut();
    }

    /** Listens again on the same port. */
    public synchronized void restore() {
        if (!listener.isClosed()) {
            return;
        }
        try {
            listener = bind(port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        acceptLoop(listener);
    }

    @Override
    public void close() {
        closed = true;
        refuse();
    }

    private static ServerSocket bind(int port) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        return s;
    }

    private void acceptLoop(ServerSocket server) {
        Thread t = new Thread(() -> {
            while (!server.isClosed() && !closed) {
                try {
                    Socket client = server.accept();
                    connections.incrementAndGet();
                    Socket upstream = new Socket();
                    try {
                        upstream.connect(target, 5000);
                    } catch (IOException e) {
                        reset(client);
                        continue;
                    }
                    open.add(client);
                    open.add(upstream);
                    pump(client, upstream, true);
                    pump(upstream, client, false);
                } catch (IOException e) {
                    // listener closed: refused until restore()
                }
            }
        }, "tcp-proxy-accept-" + port);
        t.setDaemon(true);
        t.start();
    }

    private void pump(Socket from, Socket to, boolean fromClient) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[32 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (fromClient) {
                        clientBytes.addAndGet(n);
                        if (!clientObservers.isEmpty()) {
                            String text = new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
                            clientObservers.forEach(o -> o.accept(text));
                        }
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
                to.shutdownOutput();
            } catch (IOException e) {
                reset(to);
                reset(from);
            } finally {
                open.remove(from);
            }
        }, "tcp-proxy-pump-" + port);
        t.setDaemon(true);
        t.start();
    }

    private static void reset(Socket s) {
        try {
            s.setSoLinger(true, 0); // close with RST, like a cut cable seen from the peer
        } catch (SocketException ignored) {
            // already closed
        }
        closeQuietly(s);
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}

package dev.holdfast.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A response body read as a stream that gives up when the server sends nothing for the idle timeout: the read then
 * throws {@link StalledException} and the connection is dropped. The JDK client's request timeout ends once the
 * headers are in, and its own body stream waits for ever, so a server that stops mid-body would block the reader
 * (and with it the run) for good. Use {@link #handler} with the same duration as the request's {@code timeout}, which
 * covers the wait for the headers.
 */
public final class IdleTimeoutBody extends InputStream implements HttpResponse.BodySubscriber<InputStream> {

    /** No bytes came for the idle timeout: the server stalled. */
    public static final class StalledException extends HttpTimeoutException {
        public StalledException(String message) {
            super(message);
        }
    }

    private static final List<ByteBuffer> END = List.of();

    private final long idleNanos;
    private final Duration idle;
    // the subscription asks for one list at a time, so this holds at most one list and the end
    private final BlockingQueue<List<ByteBuffer>> queue = new LinkedBlockingQueue<>();
    private volatile Flow.Subscription subscription;
    private volatile Throwable failure;
    private volatile boolean closed;
    private Iterator<ByteBuffer> list;
    private ByteBuffer current;
    private boolean ended;

    private IdleTimeoutBody(Duration idle) {
        this.idle = idle;
        this.idleNanos = idle.toNanos();
    }

    /** A body handler whose bodies stall out after {@code idle} without a byte. */
    public static HttpResponse.BodyHandler<InputStream> handler(Duration idle) {
        if (idle.isZero() || idle.isNegative()) {
            throw new IllegalArgumentException("an idle timeout must be positive, not " + idle);
        }
        return info -> new IdleTimeoutBody(idle);
    }

    @Override
    public CompletionStage<InputStream> getBody() {
        return CompletableFuture.completedStage(this);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (closed) {
            s.cancel();
        } else {
            s.request(1);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        queue.offer(item);
    }

    @Override
    public void onError(Throwable throwable) {
        failure = throwable;
        queue.offer(END);
    }

    @Override
    public void onComplete() {
        queue.offer(END);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(length, current.remaining());
        current.get(bytes, offset, n);
        return n;
    }

    @Override
    public int available() {
        return current == null ? 0 : current.remaining();
    }

    @Override
    public void close() {
        closed = true;
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }

    /** A buffer with bytes left, waiting at most the idle timeout for the next; false at the end of the body. */
    private boolean fill() throws IOException {
        while (current == null || !current.hasRemaining()) {
            if (closed) {
                throw new IOException("the response body is closed");
            }
            if (list != null && list.hasNext()) {
                current = list.next();
                continue;
            }
            if (ended) {
                return false;
            }
            if (list != null) {
                list = null;
                subscription.request(1);
            }
            List<ByteBuffer> next;
            try {
                next = queue.poll(idleNanos, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IOException("interrupted while reading a response body", e);
            }
            if (next == null) {
                close();
                throw new StalledException("the server sent nothing for " + idle);
            }
            if (next == END) {
                ended = true;
                if (failure != null) {
                    throw failure instanceof IOException io ? io : new IOException(failure);
                }
                return false;
            }
            list = next.iterator();
        }
        return true;
    }
}

package dev.duplex.rsocket.test;

import dev.duplex.rsocket.frame.FrameDump;
import dev.duplex.rsocket.transport.DuplexConnection;
import dev.duplex.rsocket.transport.FrameReceiver;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * An in-memory {@link DuplexConnection} for connection tests: either one of a connected pair, or
 * a connection whose peer is the test itself, which injects frames with {@link #inject} and reads
 * what the engine sent with {@link #nextSent}.
 */
public final class TestConnection implements DuplexConnection {

  private final EventExecutor eventLoop;
  private final SocketAddress remoteAddress;
  private final BlockingQueue<ByteBuf> sent = new LinkedBlockingQueue<>();
  private final ArrayDeque<ByteBuf> inboundBeforeStart = new ArrayDeque<>();
  private final Sinks.Empty<Void> closed = Sinks.empty();
  private @Nullable TestConnection peer;
  private @Nullable FrameReceiver receiver;
  private volatile boolean disposed;
  private volatile boolean writable = true;

  private TestConnection(EventExecutor eventLoop, int port) {
    this.eventLoop = eventLoop;
    this.remoteAddress = InetSocketAddress.createUnresolved("test-peer", port);
  }

  /** A connection whose peer is the test. */
  public static TestConnection standalone(EventExecutor eventLoop) {
    return new TestConnection(eventLoop, 1);
  }

  /** Two connections, each the other's peer, on one event loop. */
  public static TestConnection[] pair(EventExecutor eventLoop) {
    TestConnection client = new TestConnection(eventLoop, 1);
    TestConnection server = new TestConnection(eventLoop, 2);
    client.peer = server;
    server.peer = client;
    return new TestConnection[] {client, server};
  }

  @Override
  public ByteBufAllocator alloc() {
    return ByteBufAllocator.DEFAULT;
  }

  @Override
  public EventExecutor eventLoop() {
    return eventLoop;
  }

  @Override
  public void start(FrameReceiver frameReceiver) {
    Runnable start = () -> {
      receiver = frameReceiver;
      for (ByteBuf frame = inboundBeforeStart.poll(); frame != null;
          frame = inboundBeforeStart.poll()) {
        deliver(frame);
      }
    };
    if (eventLoop.inEventLoop()) {
      start.run();
    } else {
      eventLoop.execute(start);
    }
  }

  @Override
  public void send(ByteBuf frame) {
    TestConnection to = peer;
    if (disposed) {
      frame.release();
    } else if (to != null) {
      eventLoop.execute(() -> to.receive(frame));
    } else {
      sent.add(frame);
    }
  }

  /** Delivers {@code frame} (consumed) as if the peer had sent it. */
  public void inject(ByteBuf frame) {
    eventLoop.execute(() -> receive(frame));
  }

  /** Reports a transport error, as a transport does for bytes it cannot read. */
  public void injectTransportError(Throwable cause) {
    eventLoop.execute(() -> {
      FrameReceiver r = receiver;
      if (r != null && !disposed) {
        r.onTransportError(cause);
      }
    });
  }

  /**
   * The next frame the engine sent, summarised by {@link FrameDump#summary}, or {@code null} if
   * none arrives within {@code timeout}.
   */
  public @Nullable String nextSent(Duration timeout) throws InterruptedException {
    ByteBuf frame = sent.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (frame == null) {
      return null;
    }
    try {
      return FrameDump.summary(frame);
    } finally {
      frame.release();
    }
  }

  /** The next frame the engine sent (owned by the caller), or {@code null} after the timeout. */
  public @Nullable ByteBuf nextSentFrame(Duration timeout) throws InterruptedException {
    return sent.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void receive(ByteBuf frame) {
    if (disposed) {
      frame.release();
    } else if (receiver == null) {
      inboundBeforeStart.add(frame);
    } else {
      deliver(frame);
    }
  }

  private void deliver(ByteBuf frame) {
    try {
      FrameReceiver r = receiver;
      if (r != null) {
        r.onFrame(frame);
      }
    } finally {
      frame.release();
    }
  }

  @Override
  public boolean isWritable() {
    return writable;
  }

  /** Makes the connection (un)writable, as a transport whose peer stops or resumes reading. */
  public void setWritable(boolean writable) {
    eventLoop.execute(() -> {
      this.writable = writable;
      FrameReceiver r = receiver;
      if (r != null && !disposed) {
        r.onWritabilityChanged(writable);
      }
    });
  }

  @Override
  public SocketAddress remoteAddress() {
    return remoteAddress;
  }

  @Override
  public Mono<Void> onClose() {
    return closed.asMono();
  }

  @Override
  public void dispose() {
    if (disposed) {
      return;
    }
    disposed = true;
    eventLoop.execute(() -> {
      inboundBeforeStart.forEach(ByteBuf::release);
      inboundBeforeStart.clear();
      FrameReceiver r = receiver;
      if (r != null) {
        r.onClosed(null);
      }
      closed.tryEmitEmpty();
      TestConnection to = peer;
      if (to != null) {
        to.dispose();
      }
    });
  }

  @Override
  public boolean isDisposed() {
    return disposed;
  }

  /** Releases frames the engine sent that the test did not read. */
  public void releaseUnread() {
    for (ByteBuf frame = sent.poll(); frame != null; frame = sent.poll()) {
      frame.release();
    }
  }
}

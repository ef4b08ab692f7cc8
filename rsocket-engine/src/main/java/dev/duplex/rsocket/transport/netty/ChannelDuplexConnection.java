package dev.duplex.rsocket.transport.netty;

import dev.duplex.rsocket.transport.DuplexConnection;
import dev.duplex.rsocket.transport.FrameReceiver;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * A {@link DuplexConnection} over a Netty {@link Channel} whose pipeline reads whole frames as
 * {@link ByteBuf}s and writes {@code ByteBuf} frames; framing (a length prefix, WebSocket messages)
 * is the pipeline's business. Put {@link #handler()} in the pipeline after the framing handlers,
 * before handing the connection out: frames are written from its place in the pipeline.
 *
 * <p><b>Reading.</b> Creating the connection turns the channel's auto-read off; {@link #start}
 * turns it on, so bytes wait in the socket until there is a receiver. A frame that arrives before
 * {@code start} all the same (a handler that reads on its own, such as a TLS or WebSocket
 * handshake) is held, with any transport error, and delivered first. Frames go to the receiver
 * borrowed and are released when {@link FrameReceiver#onFrame} returns or throws; they never reach
 * handlers after {@link #handler()}, so Reactor Netty's reactive bridge neither sees nor buffers
 * them. A receiver that throws closes the connection with that error.
 *
 * <p><b>Writing.</b> {@link #send} writes without flushing. If it writes while the channel is
 * delivering a read batch, the flush happens once when the batch completes
 * ({@code channelReadComplete}); otherwise the first write of an event-loop turn schedules one
 * flush task that runs after the turn's other tasks. Sends from other threads hop to the event loop in
 * order. A frame sent after the channel closed is released.
 *
 * <p><b>Errors and closing.</b> A decoder failure goes to {@link FrameReceiver#onTransportError},
 * unwrapped from Netty's {@link DecoderException}, and the channel stays open; an
 * {@link IOException} (a reset, a failed TLS handshake) closes the channel and becomes the cause
 * given to {@link FrameReceiver#onClosed} and {@link #onClose()}. {@link #dispose()} flushes what
 * was sent and closes the channel; a close that no error caused is clean. As in Netty, a callback
 * may come while the receiver is inside {@link #send} or {@link #dispose()} on the event loop: a
 * write that makes the channel unwritable, a close.
 */
public final class ChannelDuplexConnection implements DuplexConnection {

  /** The name under which transports add {@link #handler()} to the pipeline. */
  public static final String HANDLER_NAME = "duplex.frameHandler";

  private static final Logger logger = LoggerFactory.getLogger(ChannelDuplexConnection.class);

  private final Channel channel;
  private final EventLoop eventLoop;
  private final SocketAddress remoteAddress;
  private final FrameInboundHandler handler = new FrameInboundHandler(this);
  private final Runnable flushTask = this::runFlushTask;
  private final Sinks.Empty<Void> onClose = Sinks.empty();
  private final AtomicBoolean started = new AtomicBoolean();
  private volatile boolean disposed;

  // The fields below belong to the event loop.
  private @Nullable ChannelHandlerContext context;
  private @Nullable FrameReceiver receiver;
  private @Nullable ArrayDeque<Object> heldBeforeStart;
  private boolean reading;
  private boolean flushPending;
  private boolean flushScheduled;
  private boolean closed;
  private @Nullable Throwable closeCause;

  /**
   * Wraps a registered, connected channel and turns its auto-read off until {@link #start}.
   *
   * @throws IllegalArgumentException if the channel has no remote address
   */
  public ChannelDuplexConnection(Channel channel) {
    this.channel = Objects.requireNonNull(channel, "channel");
    this.eventLoop = channel.eventLoop();
    SocketAddress remote = channel.remoteAddress();
    if (remote == null) {
      throw new IllegalArgumentException(
          "channel: " + channel + " (expected: a connected channel)");
    }
    this.remoteAddress = remote;
    channel.config().setAutoRead(false);
    channel.closeFuture().addListener(future -> channelClosed());
  }

  /**
   * The handler that feeds this connection and writes its frames; one per connection, added to the
   * pipeline after the framing handlers.
   */
  public ChannelHandler handler() {
    return handler;
  }

  /**
   * Hands this connection to {@code acceptor}; if the acceptor throws, the failure is logged and
   * the connection closes with it.
   */
  public void handTo(Consumer<? super DuplexConnection> acceptor) {
    try {
      acceptor.accept(this);
    } catch (Throwable t) {
      logger.warn("Acceptor failed for the connection from {}; closing it", remoteAddress, t);
      closeWith(t);
    }
  }

  @Override
  public ByteBufAllocator alloc() {
    return channel.alloc();
  }

  @Override
  public EventExecutor eventLoop() {
    return eventLoop;
  }

  @Override
  public void start(FrameReceiver receiver) {
    Objects.requireNonNull(receiver, "receiver");
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("start: a receiver is already registered on the connection "
          + "from " + remoteAddress + " (expected: one call)");
    }
    if (eventLoop.inEventLoop()) {
      start0(receiver);
    } else {
      eventLoop.execute(() -> start0(receiver));
    }
  }

  /** Queues {@code frame} (consumed) for sending; see the class javadoc for when it is flushed. */
  @Override
  public void send(ByteBuf frame) {
    if (eventLoop.inEventLoop()) {
      write(frame);
      return;
    }
    try {
      eventLoop.execute(() -> write(frame));
    } catch (RejectedExecutionException e) {
      frame.release();
    }
  }

  @Override
  public boolean isWritable() {
    return channel.isWritable();
  }

  @Override
  public SocketAddress remoteAddress() {
    return remoteAddress;
  }

  @Override
  public Mono<Void> onClose() {
    return onClose.asMono();
  }

  @Override
  public void dispose() {
    disposed = true;
    if (eventLoop.inEventLoop()) {
      flushAndClose();
      return;
    }
    try {
      eventLoop.execute(this::flushAndClose);
    } catch (RejectedExecutionException e) {
      channel.close();
    }
  }

  @Override
  public boolean isDisposed() {
    return disposed || !channel.isOpen();
  }

  @Override
  public String toString() {
    return "ChannelDuplexConnection[" + channel + "]";
  }

  private void start0(FrameReceiver frameReceiver) {
    receiver = frameReceiver;
    if (closed) {
      notifyClosed(frameReceiver, closeCause);
      return;
    }
    ArrayDeque<Object> held = heldBeforeStart;
    heldBeforeStart = null;
    if (held != null) {
      for (Object item = held.poll(); item != null; item = held.poll()) {
        if (item instanceof ByteBuf frame) {
          if (closed) {
            frame.release();
          } else {
            deliver(frameReceiver, frame);
          }
        } else if (!closed) {
          transportError(frameReceiver, (Throwable) item);
        }
      }
    }
    if (!closed) {
      channel.config().setAutoRead(true);
    }
  }

  void handlerAdded(ChannelHandlerContext ctx) {
    context = ctx;
  }

  void frameRead(ByteBuf frame) {
    reading = true;
    FrameReceiver r = receiver;
    if (closed) {
      frame.release();
    } else if (r == null) {
      hold(frame);
    } else {
      deliver(r, frame);
    }
  }

  void readComplete() {
    reading = false;
    if (flushPending) {
      flush();
    }
  }

  void errorCaught(Throwable cause) {
    if (closed || cause instanceof ClosedChannelException) {
      return;
    }
    Throwable error = unwrap(cause);
    if (error instanceof IOException) {
      closeWith(error);
      return;
    }
    FrameReceiver r = receiver;
    if (r == null) {
      hold(error);
    } else {
      transportError(r, error);
    }
  }

  void writabilityChanged() {
    FrameReceiver r = receiver;
    if (closed || r == null) {
      return;
    }
    try {
      r.onWritabilityChanged(channel.isWritable());
    } catch (Throwable t) {
      receiverFailed(t);
    }
  }

  private void hold(Object frameOrError) {
    ArrayDeque<Object> held = heldBeforeStart;
    if (held == null) {
      held = new ArrayDeque<>();
      heldBeforeStart = held;
    }
    held.add(frameOrError);
  }

  private void deliver(FrameReceiver r, ByteBuf frame) {
    Throwable failure = null;
    try {
      r.onFrame(frame);
    } catch (Throwable t) {
      failure = t;
    } finally {
      frame.release();
    }
    if (failure != null) {
      // released first, so whoever observes the close sees the frame already returned
      receiverFailed(failure);
    }
  }

  private void transportError(FrameReceiver r, Throwable error) {
    try {
      r.onTransportError(error);
    } catch (Throwable t) {
      receiverFailed(t);
    }
  }

  private void receiverFailed(Throwable t) {
    logger.warn("Frame receiver failed on the connection from {}; closing it", remoteAddress, t);
    closeWith(t);
  }

  private void write(ByteBuf frame) {
    if (closed) {
      frame.release();
      return;
    }
    ChannelHandlerContext ctx = context;
    if (ctx == null) {
      frame.release();
      throw new IllegalStateException("send: handler() is not in the pipeline of " + channel);
    }
    ctx.write(frame, ctx.voidPromise());
    flushPending = true;
    if (!reading && !flushScheduled) {
      flushScheduled = true;
      eventLoop.execute(flushTask);
    }
  }

  private void runFlushTask() {
    flushScheduled = false;
    if (flushPending) {
      flush();
    }
  }

  private void flush() {
    flushPending = false;
    ChannelHandlerContext ctx = context;
    if (ctx != null) {
      ctx.flush();
    }
  }

  private void closeWith(Throwable cause) {
    if (!closed && closeCause == null) {
      closeCause = cause;
    }
    flushAndClose();
  }

  private void flushAndClose() {
    if (flushPending) {
      flush();
    }
    channel.close();
  }

  private void channelClosed() {
    closed = true;
    ArrayDeque<Object> held = heldBeforeStart;
    heldBeforeStart = null;
    if (held != null) {
      held.forEach(ReferenceCountUtil::release);
    }
    Throwable cause = closeCause;
    FrameReceiver r = receiver;
    if (r != null) {
      notifyClosed(r, cause);
    }
    if (cause == null) {
      onClose.tryEmitEmpty();
    } else {
      onClose.tryEmitError(cause);
    }
  }

  private void notifyClosed(FrameReceiver r, @Nullable Throwable cause) {
    try {
      r.onClosed(cause);
    } catch (Throwable t) {
      logger.warn("Frame receiver failed on closing the connection from {}", remoteAddress, t);
    }
  }

  /** Netty wraps what a decoder throws in a plain {@link DecoderException}; the cause says more. */
  private static Throwable unwrap(Throwable cause) {
    Throwable wrapped = cause.getCause();
    return cause.getClass() == DecoderException.class && wrapped != null ? wrapped : cause;
  }
}

package dev.duplex.rsocket.transport;

import dev.duplex.rsocket.Closeable;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.EventExecutor;
import java.net.SocketAddress;

/**
 * A connection that carries whole RSocket frames (no length prefix) in both directions, in order.
 *
 * <p>Inbound frames, errors and writability changes are delivered to one {@link FrameReceiver}, on
 * {@link #eventLoop()}, one at a time. The engine keeps a connection's state on that event loop.
 */
public interface DuplexConnection extends Closeable {

  /** The allocator for this connection's outbound frames. */
  ByteBufAllocator alloc();

  /** The single thread that delivers this connection's inbound events. */
  EventExecutor eventLoop();

  /**
   * Registers the receiver of inbound frames and starts reading; called once.
   *
   * @throws IllegalStateException if a receiver is already registered
   */
  void start(FrameReceiver receiver);

  /**
   * Queues {@code frame} for sending, from any thread; frames are flushed at least once per
   * event-loop turn. The frame is consumed, also when the connection is closed.
   */
  void send(ByteBuf frame);

  /**
   * Whether the connection accepts more outbound bytes without queueing them past its high-water
   * mark; the receiver hears when this changes.
   */
  boolean isWritable();

  /** The peer's address. */
  SocketAddress remoteAddress();
}

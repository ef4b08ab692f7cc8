package dev.duplex.rsocket.core.stream;

import dev.duplex.rsocket.Payload;
import dev.duplex.rsocket.frame.FrameType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.EventExecutor;
import org.jspecify.annotations.Nullable;

/**
 * What a stream may do to its connection. Methods other than {@link #eventLoop()} and {@link
 * #execute(Runnable)} are called on the event loop.
 */
public interface StreamOutbound {

  /** The allocator for frames. */
  ByteBufAllocator alloc();

  /** The connection's event loop, where stream state lives. */
  EventExecutor eventLoop();

  /** Runs {@code task} on the event loop: now if already there, else queued in order. */
  default void execute(Runnable task) {
    EventExecutor loop = eventLoop();
    if (loop.inEventLoop()) {
      task.run();
    } else {
      loop.execute(task);
    }
  }

  /** Sends a frame (consumed). */
  void send(ByteBuf frame);

  /**
   * Sends a request frame of {@code type} carrying {@code payload} (consumed, also when this
   * throws), fragmented by the connection's MTU.
   *
   * @param requestN the initial request-n of REQUEST_STREAM and REQUEST_CHANNEL, else ignored
   * @param complete the C flag of REQUEST_CHANNEL
   */
  void sendRequest(FrameType type, int streamId, int requestN, Payload payload, boolean complete);

  /**
   * Sends {@code payload} (consumed) as PAYLOAD with N, and C when {@code complete}, fragmented by
   * the connection's MTU.
   */
  void sendPayload(int streamId, Payload payload, boolean complete);

  /**
   * Registers a new requester stream under a fresh stream ID; {@code null} takes an ID for a stream
   * that keeps no state (fire-and-forget).
   *
   * @return the stream ID
   * @throws RuntimeException the error that closed the connection, if it is closed, or one that
   *     says no stream ID is free
   */
  int register(@Nullable FrameStream stream);

  /** Whether the connection takes more bytes without queueing them past its high-water mark. */
  boolean isWritable();

  /** Calls {@code stream}'s {@link FrameStream#onWritable()} once the connection is writable. */
  void awaitWritable(FrameStream stream);

  /** Forgets the stream with this ID; frames that still arrive for it are ignored. */
  void remove(int streamId);

  /** The error that closed the connection, or {@code null} while it is open. */
  @Nullable Throwable closedCause();
}

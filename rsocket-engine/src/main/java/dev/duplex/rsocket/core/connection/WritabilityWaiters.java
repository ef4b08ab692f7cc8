package dev.duplex.rsocket.core.connection;

import dev.duplex.rsocket.core.stream.FrameStream;
import dev.duplex.rsocket.transport.DuplexConnection;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The streams waiting for a connection's transport to become writable again, resumed in turn when
 * it does, and the write-stall timeout that fails the connection when the peer reads nothing for
 * too long. Confined to the event loop.
 */
final class WritabilityWaiters {

  private final ArrayDeque<FrameStream> waiting = new ArrayDeque<>();
  private final DuplexConnection connection;
  private final Duration stallTimeout;
  private final Consumer<String> stalled;
  private @Nullable ScheduledFuture<?> stall;

  /**
   * @param stalled called with a message when the transport stayed unwritable for
   *     {@code stallTimeout}
   */
  WritabilityWaiters(DuplexConnection connection, Duration stallTimeout,
      Consumer<String> stalled) {
    this.connection = connection;
    this.stallTimeout = stallTimeout;
    this.stalled = stalled;
  }

  /** Resumes {@code stream} once the transport is writable again. */
  void await(FrameStream stream) {
    if (!waiting.contains(stream)) {
      waiting.add(stream);
    }
  }

  /** Starts the stall timeout when unwritable; else stops it and resumes waiting streams. */
  void onWritabilityChanged(boolean writable) {
    if (!writable) {
      if (stall == null) {
        stall = connection.eventLoop().schedule(() -> stalled.accept("The peer read nothing for "
            + stallTimeout.toMillis() + " ms while frames were waiting to be sent (write-stall "
            + "timeout)"), stallTimeout.toNanos(), TimeUnit.NANOSECONDS);
      }
      return;
    }
    cancelStall();
    for (int n = waiting.size(); n > 0 && connection.isWritable(); n--) {
      FrameStream stream = waiting.poll();
      if (stream != null) {
        stream.onWritable();
      }
    }
  }

  /** Forgets the waiting streams and stops the stall timeout: the connection closed. */
  void clear() {
    cancelStall();
    waiting.clear();
  }

  private void cancelStall() {
    ScheduledFuture<?> scheduled = stall;
    if (scheduled != null) {
      stall = null;
      scheduled.cancel(false);
    }
  }
}

package dev.duplex.rsocket.core.stream;

import io.netty.buffer.ByteBuf;
import org.jspecify.annotations.Nullable;

/**
 * One side of one stream, as the connection sees it: the frames that arrive for its stream ID, and
 * the end of the connection. Called on the connection's event loop; buffers are borrowed.
 */
public interface FrameStream {

  /** A whole (reassembled) PAYLOAD frame for this stream. */
  void onPayload(@Nullable ByteBuf metadata, ByteBuf data, boolean complete, boolean next);

  /** REQUEST_N for this stream, {@code n > 0} as on the wire. */
  void onRequestN(int n);

  /** CANCEL for this stream. */
  void onCancel();

  /** ERROR for this stream. */
  void onError(int errorCode, String message);

  /**
   * The connection ended this stream: it closed, or the peer broke a rule on this stream. The
   * stream is already removed; it ends with {@code cause} and sends nothing more.
   */
  void onTerminated(Throwable cause);

  /** The connection takes bytes again, after {@link StreamOutbound#awaitWritable} was called. */
  default void onWritable() {
  }
}

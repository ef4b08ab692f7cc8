package dev.duplex.rsocket.transport;

import io.netty.buffer.ByteBuf;
import org.jspecify.annotations.Nullable;

/** Receives what arrives on a {@link DuplexConnection}, on its event loop. */
public interface FrameReceiver {

  /** One whole frame (borrowed: the connection releases it when this returns). */
  void onFrame(ByteBuf frame);

  /**
   * The transport could not read a frame (a bad length prefix, a WebSocket text message); the
   * connection stays open so the receiver can answer with an ERROR frame before closing it.
   */
  void onTransportError(Throwable cause);

  /** The connection's writability changed; see {@link DuplexConnection#isWritable()}. */
  void onWritabilityChanged(boolean writable);

  /** The connection closed; {@code cause} is {@code null} on a clean close. */
  void onClosed(@Nullable Throwable cause);
}

package dev.duplex.rsocket.core.connection;

import dev.duplex.rsocket.ConnectionListener;
import dev.duplex.rsocket.RSocketConnection;
import dev.duplex.rsocket.StreamRole;
import dev.duplex.rsocket.frame.FrameHeader;
import dev.duplex.rsocket.frame.FrameType;
import io.netty.buffer.ByteBuf;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Tells one connection's {@link ConnectionListener} what happens to it. Without a listener
 * ({@link ConnectionListener#NONE}) every call returns at once and streams are not wrapped, so a
 * connection nobody observes pays nothing. A failing listener is logged, never propagated.
 */
final class ConnectionEvents {

  private static final Logger logger = LoggerFactory.getLogger(ConnectionEvents.class);

  private final @Nullable ConnectionListener listener;

  private final RSocketConnection connection;

  ConnectionEvents(ConnectionListener listener, RSocketConnection connection) {
    this.listener = listener == ConnectionListener.NONE ? null : listener;
    this.connection = connection;
  }

  /** Calls the listener, if any, with the connection. */
  void notify(BiConsumer<ConnectionListener, RSocketConnection> call) {
    ConnectionListener observer = listener;
    if (observer == null) {
      return;
    }
    try {
      call.accept(observer, connection);
    } catch (RuntimeException e) {
      logger.warn("ConnectionListener failed", e);
    }
  }

  /** A frame arrived (borrowed). */
  void frameReceived(ByteBuf frame) {
    ConnectionListener observer = listener;
    FrameType type;
    if (observer != null && (type = typeOf(frame)) != null) {
      try { // called directly, not through notify: no lambda to allocate per frame
        observer.onFrameReceived(connection, type, frame.readableBytes());
      } catch (RuntimeException e) {
        logger.warn("ConnectionListener failed", e);
      }
    }
  }

  /** A frame is being sent (borrowed). */
  void frameSent(ByteBuf frame) {
    ConnectionListener observer = listener;
    FrameType type;
    if (observer != null && (type = typeOf(frame)) != null) {
      try {
        observer.onFrameSent(connection, type, frame.readableBytes());
      } catch (RuntimeException e) {
        logger.warn("ConnectionListener failed", e);
      }
    }
  }

  /** {@code stream}, reporting its start and outcome when a listener is set. */
  <T> Mono<T> stream(Mono<T> stream, FrameType interaction, StreamRole role) {
    ConnectionListener observer = listener;
    return observer == null ? stream
        : ObservedStream.observe(stream, observer, connection, interaction, role);
  }

  /** {@code stream}, reporting its start and outcome when a listener is set. */
  <T> Flux<T> stream(Flux<T> stream, FrameType interaction, StreamRole role) {
    ConnectionListener observer = listener;
    return observer == null ? stream
        : ObservedStream.observe(stream, observer, connection, interaction, role);
  }

  private static @Nullable FrameType typeOf(ByteBuf frame) {
    return frame.readableBytes() < FrameHeader.SIZE ? null
        : FrameType.fromCode(FrameHeader.typeCode(frame));
  }
}

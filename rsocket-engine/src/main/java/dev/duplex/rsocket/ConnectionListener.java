package dev.duplex.rsocket;

import dev.duplex.rsocket.error.RSocketErrorException;
import dev.duplex.rsocket.frame.FrameType;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Hears what happens to a connection, as rsocket-py's {@code RequestHandler} callbacks do, and is
 * the hook for metrics: connections opened and closed, setups refused, streams started and
 * finished, frames and bytes in and out, fragments reassembled, keepalive timeouts. Connection and
 * frame callbacks come on the connection's event loop; stream callbacks come on the thread that
 * subscribes to or signals the stream. Keep the work short and thread-safe. Every method does
 * nothing by default; with {@link #NONE} the engine makes none of these calls.
 */
public interface ConnectionListener {

  /** A listener that does nothing. */
  ConnectionListener NONE = new ConnectionListener() { };

  /**
   * A listener that calls each of {@code listeners} in turn; a failing one is logged and does not
   * stop the others.
   */
  static ConnectionListener compose(ConnectionListener... listeners) {
    return CompositeConnectionListener.of(listeners);
  }

  /** The transport connected; SETUP is yet to be sent (client) or received (server). */
  default void onOpen(RSocketConnection connection) {
  }

  /** The connection's SETUP was accepted (on a server) or sent (on a client). */
  default void onSetup(RSocketConnection connection, ConnectionSetupPayload setup) {
  }

  /**
   * This server refused the peer's SETUP with {@code error}: INVALID_SETUP (malformed, or none in
   * time), UNSUPPORTED_SETUP, or REJECTED_SETUP from the acceptor. A client whose SETUP is refused
   * hears {@link #onConnectionError} with one of those codes.
   */
  default void onSetupRejected(RSocketConnection connection, RSocketErrorException error) {
  }

  /** The peer sent ERROR on stream 0, which ends the connection. */
  default void onConnectionError(RSocketConnection connection, RSocketErrorException error) {
  }

  /** Nothing arrived from the peer for {@code silence}, longer than the keepalive max lifetime. */
  default void onKeepAliveTimeout(RSocketConnection connection, Duration silence) {
  }

  /**
   * The connection closed; {@code cause} is {@code null} when it was disposed locally or the peer
   * closed it cleanly.
   */
  default void onClose(RSocketConnection connection, @Nullable Throwable cause) {
  }

  /**
   * A stream started: this side subscribed to a request ({@link StreamRole#REQUESTER}) or is
   * answering one of the peer's ({@link StreamRole#RESPONDER}). {@code interaction} is
   * {@link FrameType#REQUEST_RESPONSE}, {@code REQUEST_FNF}, {@code REQUEST_STREAM},
   * {@code REQUEST_CHANNEL} or {@code METADATA_PUSH}. Each start is followed by exactly one
   * {@link #onStreamFinished}.
   */
  default void onStreamStarted(RSocketConnection connection, FrameType interaction,
      StreamRole role) {
  }

  /**
   * A stream ended. {@code errorCode} is the RSocket error code when {@code outcome} is
   * {@link StreamOutcome#ERROR} and the error carries one (APPLICATION_ERROR for a responder's
   * exception), else 0.
   */
  default void onStreamFinished(RSocketConnection connection, FrameType interaction,
      StreamRole role, StreamOutcome outcome, int errorCode) {
  }

  /** A frame of {@code length} bytes (without a transport's length prefix) arrived. */
  default void onFrameReceived(RSocketConnection connection, FrameType type, int length) {
  }

  /** A frame of {@code length} bytes (without a transport's length prefix) is being sent. */
  default void onFrameSent(RSocketConnection connection, FrameType type, int length) {
  }

  /** {@code fragments} frames were joined into one {@code type} frame of {@code payloadLength}. */
  default void onFragmentsReassembled(RSocketConnection connection, FrameType type,
      int fragments, int payloadLength) {
  }
}

package dev.duplex.rsocket.boot.server;

import java.net.InetSocketAddress;
import org.jspecify.annotations.Nullable;

/**
 * An RSocket server managed by the application context: Spring Boot's {@code RSocketServer}
 * handle for the Duplex engine, created by an {@link RSocketServerFactory}, bound by
 * {@link #start()} and closed, with its connections, by {@link #stop()}.
 */
public interface DuplexRSocketServer {

  /**
   * Binds the server and returns once it accepts connections.
   *
   * @throws IllegalStateException when the server cannot be bound
   */
  void start();

  /**
   * Closes the server and every connection it accepted, failing their open streams; ends a
   * graceful shutdown under way. Does nothing when not started.
   */
  void stop();

  /**
   * Starts a graceful shutdown, as Spring Boot's {@code WebServer.shutDownGracefully} does, and
   * returns at once: the server stops accepting connections, each connection rejects the peer's
   * new requests with ERROR[REJECTED] and closes once its open streams have ended, and then
   * {@code callback} hears {@link GracefulShutdownResult#IDLE}. {@link #stop()} ends the attempt
   * early, with {@link GracefulShutdownResult#STREAMS_ACTIVE}. The default, for a server whose
   * shutdown is {@link Shutdown#IMMEDIATE}, calls back at once with
   * {@link GracefulShutdownResult#IMMEDIATE} and leaves stopping to {@link #stop()}.
   *
   * @param callback told how the shutdown ended, on any thread
   */
  default void shutDownGracefully(GracefulShutdownCallback callback) {
    callback.shutdownComplete(GracefulShutdownResult.IMMEDIATE);
  }

  /** The bound address, with the actual port when port 0 was asked for; null when not started. */
  @Nullable InetSocketAddress address();

  /** The transport this server accepts connections on. */
  Transport transport();

  /** The transport a server accepts connections on. */
  enum Transport {

    /** RSocket over TCP, frames prefixed by their 24-bit length. */
    TCP,

    /** RSocket over WebSocket, one frame per binary message. */
    WEBSOCKET
  }

  /** How a server shuts down when the application context stops: Spring Boot's {@code Shutdown}. */
  enum Shutdown {

    /** Reject new requests and let the streams in flight end, within the shutdown phase's timeout. */
    GRACEFUL,

    /** Close every connection at once, failing the streams in flight. */
    IMMEDIATE
  }

  /** How a graceful shutdown ended: Spring Boot's {@code GracefulShutdownResult}. */
  enum GracefulShutdownResult {

    /** Streams were still open when the shutdown was ended by {@link #stop()}. */
    STREAMS_ACTIVE,

    /** Every connection closed once its streams had ended. */
    IDLE,

    /** The server does not shut down gracefully; nothing was waited for. */
    IMMEDIATE
  }

  /** Hears how a graceful shutdown ended: Spring Boot's {@code GracefulShutdownCallback}. */
  @FunctionalInterface
  interface GracefulShutdownCallback {

    /** The graceful shutdown ended with {@code result}. */
    void shutdownComplete(GracefulShutdownResult result);
  }
}

package dev.duplex.rsocket.core;

import dev.duplex.rsocket.ConnectionListener;
import dev.duplex.rsocket.ConnectionSetupPayload;
import dev.duplex.rsocket.Payload;
import dev.duplex.rsocket.RSocket;
import dev.duplex.rsocket.RSocketConnection;
import dev.duplex.rsocket.SocketAcceptor;
import dev.duplex.rsocket.core.connection.ConnectionHandler;
import dev.duplex.rsocket.core.connection.ConnectionSettings;
import dev.duplex.rsocket.transport.ClientTransport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Connects to an RSocket server: sends SETUP with this connector's MIME types, keepalive and setup
 * payload, and answers the server's requests with the responder its acceptor gives.
 *
 * <pre>{@code
 * RSocketConnection connection = RSocketConnector.create()
 *     .dataMimeType("application/json")
 *     .connect(TcpClientTransport.create("127.0.0.1", 7000))
 *     .block();
 * }</pre>
 *
 * Immutable: each option returns a new connector with that option changed.
 */
public final class RSocketConnector {

  /** The default data and metadata MIME type, as rsocket-java's. */
  public static final String DEFAULT_MIME_TYPE = "application/binary";
  /** The default keepalive interval. */
  public static final Duration DEFAULT_KEEPALIVE_INTERVAL = Duration.ofSeconds(20);
  /** The default keepalive max lifetime. */
  public static final Duration DEFAULT_KEEPALIVE_MAX_LIFETIME = Duration.ofSeconds(90);

  private final String dataMimeType;
  private final String metadataMimeType;
  private final Duration keepAliveInterval;
  private final Duration keepAliveMaxLifetime;
  private final byte[] setupData;
  private final byte @Nullable [] setupMetadata;
  private final SocketAcceptor acceptor;
  private final ConnectionSettings settings;
  private final ConnectionListener listener;
  private final @Nullable Retry reconnect;

  private RSocketConnector(String dataMimeType, String metadataMimeType,
      Duration keepAliveInterval, Duration keepAliveMaxLifetime, byte[] setupData,
      byte @Nullable [] setupMetadata, SocketAcceptor acceptor, ConnectionSettings settings,
      ConnectionListener listener, @Nullable Retry reconnect) {
    this.dataMimeType = dataMimeType;
    this.metadataMimeType = metadataMimeType;
    this.keepAliveInterval = keepAliveInterval;
    this.keepAliveMaxLifetime = keepAliveMaxLifetime;
    this.setupData = setupData;
    this.setupMetadata = setupMetadata;
    this.acceptor = acceptor;
    this.settings = settings;
    this.listener = listener;
    this.reconnect = reconnect;
  }

  /** A connector with the defaults: {@code application/binary}, keepalive 20 s / 90 s. */
  public static RSocketConnector create() {
    return new RSocketConnector(DEFAULT_MIME_TYPE, DEFAULT_MIME_TYPE, DEFAULT_KEEPALIVE_INTERVAL,
        DEFAULT_KEEPALIVE_MAX_LIFETIME, new byte[0], null,
        SocketAcceptor.with(new RSocket() { }), ConnectionSettings.DEFAULTS,
        ConnectionListener.NONE, null);
  }

  /** The same connector announcing {@code mimeType} for data. */
  public RSocketConnector dataMimeType(String mimeType) {
    return new RSocketConnector(checkMimeType("dataMimeType", mimeType), metadataMimeType,
        keepAliveInterval, keepAliveMaxLifetime, setupData, setupMetadata, acceptor, settings, listener, reconnect);
  }

  /** The same connector announcing {@code mimeType} for metadata. */
  public RSocketConnector metadataMimeType(String mimeType) {
    return new RSocketConnector(dataMimeType, checkMimeType("metadataMimeType", mimeType),
        keepAliveInterval, keepAliveMaxLifetime, setupData, setupMetadata, acceptor, settings, listener, reconnect);
  }

  /**
   * The same connector sending KEEPALIVE every {@code interval} and closing the connection when
   * nothing arrives from the server for {@code maxLifetime}.
   */
  public RSocketConnector keepAlive(Duration interval, Duration maxLifetime) {
    checkMillis("interval", interval);
    checkMillis("maxLifetime", maxLifetime);
    return new RSocketConnector(dataMimeType, metadataMimeType, interval, maxLifetime, setupData,
        setupMetadata, acceptor, settings, listener, reconnect);
  }

  /** The same connector sending {@code payload}'s data and metadata in SETUP (consumed). */
  public RSocketConnector setupPayload(Payload payload) {
    try {
      ByteBuf metadata = payload.metadata();
      return new RSocketConnector(dataMimeType, metadataMimeType, keepAliveInterval,
          keepAliveMaxLifetime, ByteBufUtil.getBytes(payload.data()),
          metadata == null ? null : ByteBufUtil.getBytes(metadata), acceptor, settings, listener, reconnect);
    } finally {
      payload.release();
    }
  }

  /** The same connector answering the server's requests with the responder {@code acceptor} gives. */
  public RSocketConnector acceptor(SocketAcceptor acceptor) {
    return new RSocketConnector(dataMimeType, metadataMimeType, keepAliveInterval,
        keepAliveMaxLifetime, setupData, setupMetadata,
        Objects.requireNonNull(acceptor, "acceptor"), settings, listener, reconnect);
  }

  /**
   * The same connector fragmenting outbound frames larger than {@code mtu} bytes (length prefix
   * included); 0 turns fragmentation off.
   *
   * @throws IllegalArgumentException unless {@code mtu} is 0 or 64 to 16,777,215
   */
  public RSocketConnector fragment(int mtu) {
    return new RSocketConnector(dataMimeType, metadataMimeType, keepAliveInterval,
        keepAliveMaxLifetime, setupData, setupMetadata, acceptor,
        settings.withMtu(mtu), listener, reconnect);
  }

  /**
   * The same connector answering the peer's requests with REJECTED while the peer already has
   * {@code maxConcurrentStreams} streams open (default 16,384).
   */
  public RSocketConnector maxConcurrentStreams(int maxConcurrentStreams) {
    return new RSocketConnector(dataMimeType, metadataMimeType, keepAliveInterval,
        keepAliveMaxLifetime, setupData, setupMetadata, acceptor,
        settings.withMaxConcurrentStreams(maxConcurrentStreams), listener, reconnect);
  }

  /**
   * The same connector closing a connection that could not write for {@code timeout} because the
   * peer stopped reading (default 30 s).
   */
  public RSocketConnector writeStallTimeout(Duration timeout) {
    return new RSocketConnector(dataMimeType, metadataMimeType, keepAliveInterval,
        keepAliveMaxLifetime, setupData, setupMetadata, acceptor,
        settings.withWriteStallTimeout(timeout), listener, reconnect);
  }

  /**
   * The same connector refusing to reassemble payloads larger than {@code maxInboundPayloadSize}
   * bytes: the stream fails instead (default 64 MiB).
   */
  public RSocketConnector maxInboundPayloadSize(int maxInboundPayloadSize) {
    return new RSocketConnector(dataMimeType, metadataMimeType, keepAliveInterval,
        keepAliveMaxLifetime, setupData, setupMetadata, acceptor,
        settings.withMaxInboundPayloadSize(maxInboundPayloadSize), listener, reconnect);
  }

  /**
   * The same connector retrying a failed connection attempt of its {@link RSocketClient} with
   * {@code retry}, e.g. {@code Retry.backoff(10, Duration.ofMillis(100))}.
   */
  public RSocketConnector reconnect(Retry retry) {
    return new RSocketConnector(dataMimeType, metadataMimeType, keepAliveInterval,
        keepAliveMaxLifetime, setupData, setupMetadata, acceptor, settings, listener,
        Objects.requireNonNull(retry, "retry"));
  }

  /**
   * A client that connects through {@code transport} on its first request, shares the
   * connection, and reconnects on the next request after the connection is lost.
   */
  public RSocketClient toClient(ClientTransport transport) {
    Mono<RSocketConnection> connect = connect(transport);
    Retry retry = reconnect;
    return new RSocketClient(retry == null ? connect : connect.retryWhen(retry));
  }

  /**
   * A client like {@link #toClient(ClientTransport)} whose SETUP payload is resolved from
   * {@code setupPayload} for every connection it opens (each payload is consumed), so setup values
   * may be computed asynchronously; a failure fails the request that needed the connection.
   */
  public RSocketClient toClient(ClientTransport transport, Mono<Payload> setupPayload) {
    Mono<RSocketConnection> connect =
        setupPayload.flatMap(payload -> setupPayload(payload).connect(transport));
    Retry retry = reconnect;
    return new RSocketClient(retry == null ? connect : connect.retryWhen(retry));
  }

  /** Opens a connection through {@code transport} when subscribed. */
  public Mono<RSocketConnection> connect(ClientTransport transport) {
    return transport.connect().flatMap(connection -> ConnectionHandler.connect(connection,
        new ConnectionSetupPayload(1, 0, keepAliveInterval, keepAliveMaxLifetime,
            metadataMimeType, dataMimeType, Payload.create(Unpooled.wrappedBuffer(setupData),
                setupMetadata == null ? null : Unpooled.wrappedBuffer(setupMetadata))),
        acceptor, settings, listener));
  }

  /** The listener of this connector's connections; {@link ConnectionListener#NONE} by default. */
  public ConnectionListener listener() {
    return listener;
  }

  /** The same connector telling {@code listener} what happens to its connections. */
  public RSocketConnector listener(ConnectionListener listener) {
    return new RSocketConnector(dataMimeType, metadataMimeType, keepAliveInterval,
        keepAliveMaxLifetime, setupData, setupMetadata, acceptor, settings,
        Objects.requireNonNull(listener, "listener"), reconnect);
  }

  private static String checkMimeType(String name, String mimeType) {
    if (mimeType.isEmpty() || mimeType.length() > 255) {
      throw new IllegalArgumentException(name + ": '" + mimeType + "' (expected: 1 to 255 "
          + "US-ASCII characters)");
    }
    return mimeType;
  }

  private static void checkMillis(String name, Duration duration) {
    if (duration.toMillis() <= 0 || duration.toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(name + ": " + duration
          + " (expected: 1 ms to 2^31-1 ms)");
    }
  }
}

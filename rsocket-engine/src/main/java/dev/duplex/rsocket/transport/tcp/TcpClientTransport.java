package dev.duplex.rsocket.transport.tcp;

import dev.duplex.rsocket.frame.FrameWriter;
import dev.duplex.rsocket.transport.ClientTransport;
import dev.duplex.rsocket.transport.DuplexConnection;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.function.Function;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.tcp.TcpClient;

/**
 * Opens RSocket connections over TCP, each frame preceded by its 24-bit length, on Reactor Netty's
 * {@link TcpClient} (one new connection per {@link #connect()}, no pooling).
 *
 * <pre>{@code
 * RSocketConnection connection = RSocketConnector.create()
 *     .connect(TcpClientTransport.create("localhost", 7000))
 *     .block();
 * }</pre>
 *
 * <p>With {@link #secure(SslContext)} the connection is TLS: {@link #connect()} completes once the
 * handshake has, and fails if it does. Immutable: each option returns a new transport with that
 * option changed.
 */
public final class TcpClientTransport implements ClientTransport {

  private final InetSocketAddress address;
  private final int maxFrameLength;
  private final @Nullable SslContext sslContext;
  private final Function<TcpClient, TcpClient> customizer;

  private TcpClientTransport(InetSocketAddress address, int maxFrameLength,
      @Nullable SslContext sslContext, Function<TcpClient, TcpClient> customizer) {
    this.address = address;
    this.maxFrameLength = maxFrameLength;
    this.sslContext = sslContext;
    this.customizer = customizer;
  }

  /** A transport that connects to {@code host} (resolved on each connect) and {@code port}. */
  public static TcpClientTransport create(String host, int port) {
    return create(InetSocketAddress.createUnresolved(Objects.requireNonNull(host, "host"), port));
  }

  /**
   * A transport that connects to {@code address}; an unresolved one is resolved on each connect.
   */
  public static TcpClientTransport create(InetSocketAddress address) {
    return new TcpClientTransport(Objects.requireNonNull(address, "address"),
        FrameWriter.MAX_FRAME_LENGTH, null, Function.identity());
  }

  /**
   * The same transport accepting frames of at most {@code maxFrameLength} bytes (not counting the
   * length prefix); a longer frame is skipped and reported to the connection's receiver.
   *
   * @param maxFrameLength 6 to 16,777,215, the default
   */
  public TcpClientTransport maxFrameLength(int maxFrameLength) {
    return new TcpClientTransport(address, FrameLengthDecoder.checkMaxFrameLength(maxFrameLength),
        sslContext, customizer);
  }

  /** The longest inbound frame accepted, in bytes. */
  public int maxFrameLength() {
    return maxFrameLength;
  }

  /**
   * The same transport connecting over TLS with {@code sslContext}, a client context such as one
   * from {@code SslContextBuilder.forClient()}: its trust manager decides which server
   * certificates are trusted, and its key manager, if any, what the client presents. The server's
   * certificate must also name the host connected to (HTTPS hostname verification).
   */
  public TcpClientTransport secure(SslContext sslContext) {
    Objects.requireNonNull(sslContext, "sslContext");
    if (!sslContext.isClient()) {
      throw new IllegalArgumentException("sslContext: " + sslContext
          + " (expected: a client context, from SslContextBuilder.forClient)");
    }
    return new TcpClientTransport(address, maxFrameLength, sslContext, customizer);
  }

  /** The TLS context connections are made with, or null for plaintext. */
  public @Nullable SslContext sslContext() {
    return sslContext;
  }

  /**
   * The same transport, with {@code customizer} applied to the {@link TcpClient} before it
   * connects (TLS, socket options, a proxy); customizers run in the order they were added.
   */
  public TcpClientTransport customize(Function<TcpClient, TcpClient> customizer) {
    Objects.requireNonNull(customizer, "customizer");
    return new TcpClientTransport(address, maxFrameLength, sslContext,
        this.customizer.andThen(customizer));
  }

  /** The address to connect to. */
  public InetSocketAddress address() {
    return address;
  }

  @Override
  public Mono<DuplexConnection> connect() {
    return Mono.defer(() -> customizer
        .apply(secured(TcpClient.newConnection().host(address.getHostString())
            .port(address.getPort())
            .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)))
        .connect()
        .map(connection -> TcpPipeline.configure(connection, maxFrameLength)));
  }

  private TcpClient secured(TcpClient client) {
    SslContext context = sslContext;
    return context != null
        ? client.secure(spec -> spec.sslContext(context).handlerConfigurator(
            TcpClientTransport::verifyHostname))
        : client;
  }

  /** Checks the server's certificate names the host, as HTTPS clients (and Reactor Netty's) do. */
  private static void verifyHostname(SslHandler handler) {
    SSLEngine engine = handler.engine();
    SSLParameters parameters = engine.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    engine.setSSLParameters(parameters);
  }
}

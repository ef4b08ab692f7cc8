package dev.duplex.rsocket.transport.tcp;

import dev.duplex.rsocket.frame.FrameWriter;
import dev.duplex.rsocket.transport.BoundServer;
import dev.duplex.rsocket.transport.DuplexConnection;
import dev.duplex.rsocket.transport.ServerTransport;
import dev.duplex.rsocket.transport.netty.ChannelBoundServer;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.tcp.TcpServer;

/**
 * Accepts RSocket connections over TCP, each frame preceded by its 24-bit length, on Reactor
 * Netty's {@link TcpServer}.
 *
 * <pre>{@code
 * BoundServer server = RSocketServer.create(acceptor)
 *     .bind(TcpServerTransport.create("0.0.0.0", 7000).maxFrameLength(65_536))
 *     .block();
 * }</pre>
 *
 * <p>With {@link #secure(SslContext)}, each connection completes a TLS handshake before it is
 * handed to the acceptor; a client that does not (a plaintext client, a client without the
 * certificate a context requiring client authentication asks for) is disconnected without
 * reaching it. Immutable: each option returns a new transport with that option changed.
 */
public final class TcpServerTransport implements ServerTransport {

  private final InetSocketAddress address;
  private final int maxFrameLength;
  private final @Nullable SslContext sslContext;
  private final Function<TcpServer, TcpServer> customizer;

  private TcpServerTransport(InetSocketAddress address, int maxFrameLength,
      @Nullable SslContext sslContext, Function<TcpServer, TcpServer> customizer) {
    this.address = address;
    this.maxFrameLength = maxFrameLength;
    this.sslContext = sslContext;
    this.customizer = customizer;
  }

  /**
   * A transport that binds {@code host} (resolved when binding) and {@code port}, 0 for any free
   * port.
   */
  public static TcpServerTransport create(String host, int port) {
    return create(InetSocketAddress.createUnresolved(Objects.requireNonNull(host, "host"), port));
  }

  /** A transport that binds {@code address}; an unresolved address is resolved when binding. */
  public static TcpServerTransport create(InetSocketAddress address) {
    return new TcpServerTransport(Objects.requireNonNull(address, "address"),
        FrameWriter.MAX_FRAME_LENGTH, null, Function.identity());
  }

  /**
   * The same transport accepting frames of at most {@code maxFrameLength} bytes (not counting the
   * length prefix); a longer frame is skipped and reported to the connection's receiver.
   *
   * @param maxFrameLength 6 to 16,777,215, the default
   */
  public TcpServerTransport maxFrameLength(int maxFrameLength) {
    return new TcpServerTransport(address, FrameLengthDecoder.checkMaxFrameLength(maxFrameLength),
        sslContext, customizer);
  }

  /** The longest inbound frame accepted, in bytes. */
  public int maxFrameLength() {
    return maxFrameLength;
  }

  /**
   * The same transport serving TLS with {@code sslContext}, a server context such as one from
   * {@code SslContextBuilder.forServer(...)}; its client authentication setting decides whether
   * clients must present a certificate.
   */
  public TcpServerTransport secure(SslContext sslContext) {
    Objects.requireNonNull(sslContext, "sslContext");
    if (!sslContext.isServer()) {
      throw new IllegalArgumentException("sslContext: " + sslContext
          + " (expected: a server context, from SslContextBuilder.forServer)");
    }
    return new TcpServerTransport(address, maxFrameLength, sslContext, customizer);
  }

  /** The TLS context connections are served with, or null for plaintext. */
  public @Nullable SslContext sslContext() {
    return sslContext;
  }

  /**
   * The same transport, with {@code customizer} applied to the {@link TcpServer} before it binds
   * (TLS, socket options, metrics); customizers run in the order they were added.
   */
  public TcpServerTransport customize(Function<TcpServer, TcpServer> customizer) {
    Objects.requireNonNull(customizer, "customizer");
    return new TcpServerTransport(address, maxFrameLength, sslContext,
        this.customizer.andThen(customizer));
  }

  /** The address to bind. */
  public InetSocketAddress address() {
    return address;
  }

  @Override
  public Mono<BoundServer> start(Consumer<DuplexConnection> acceptor) {
    Objects.requireNonNull(acceptor, "acceptor");
    return Mono.defer(() -> customizer
        .apply(secured(TcpServer.create().host(address.getHostString()).port(address.getPort())
            .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)))
        .doOnConnection(connection ->
            TcpPipeline.configure(connection, maxFrameLength).handTo(acceptor))
        .bind()
        .map(server -> new ChannelBoundServer(server.channel())));
  }

  private TcpServer secured(TcpServer server) {
    SslContext context = sslContext;
    return context != null ? server.secure(spec -> spec.sslContext(context)) : server;
  }
}

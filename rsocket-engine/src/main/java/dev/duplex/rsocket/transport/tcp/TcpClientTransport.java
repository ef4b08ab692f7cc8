package dev.duplex.rsocket.transport.tcp;

import dev.duplex.rsocket.frame.FrameWriter;
import dev.duplex.rsocket.transport.ClientTransport;
import dev.duplex.rsocket.transport.DuplexConnection;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelOption;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.function.Function;
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
 * Immutable: each option returns a new transport with that option changed.
 */
public final class TcpClientTransport implements ClientTransport {

  private final InetSocketAddress address;
  private final int maxFrameLength;
  private final Function<TcpClient, TcpClient> customizer;

  private TcpClientTransport(InetSocketAddress address, int maxFrameLength,
      Function<TcpClient, TcpClient> customizer) {
    this.address = address;
    this.maxFrameLength = maxFrameLength;
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
        FrameWriter.MAX_FRAME_LENGTH, Function.identity());
  }

  /**
   * The same transport accepting frames of at most {@code maxFrameLength} bytes (not counting the
   * length prefix); a longer frame is skipped and reported to the connection's receiver.
   *
   * @param maxFrameLength 6 to 16,777,215, the default
   */
  public TcpClientTransport maxFrameLength(int maxFrameLength) {
    return new TcpClientTransport(address, FrameLengthDecoder.checkMaxFrameLength(maxFrameLength),
        customizer);
  }

  /** The longest inbound frame accepted, in bytes. */
  public int maxFrameLength() {
    return maxFrameLength;
  }

  /**
   * The same transport, with {@code customizer} applied to the {@link TcpClient} before it
   * connects (TLS, socket options, a proxy); customizers run in the order they were added.
   */
  public TcpClientTransport customize(Function<TcpClient, TcpClient> customizer) {
    Objects.requireNonNull(customizer, "customizer");
    return new TcpClientTransport(address, maxFrameLength, this.customizer.andThen(customizer));
  }

  /** The address to connect to. */
  public InetSocketAddress address() {
    return address;
  }

  @Override
  public Mono<DuplexConnection> connect() {
    return Mono.defer(() -> customizer
        .apply(TcpClient.newConnection().host(address.getHostString()).port(address.getPort())
            .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT))
        .connect()
        .map(connection -> TcpPipeline.configure(connection, maxFrameLength)));
  }
}

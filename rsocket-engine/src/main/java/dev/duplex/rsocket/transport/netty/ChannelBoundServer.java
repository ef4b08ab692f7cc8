package dev.duplex.rsocket.transport.netty;

import dev.duplex.rsocket.transport.BoundServer;
import io.netty.channel.Channel;
import java.net.SocketAddress;
import java.util.Objects;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * A {@link BoundServer} over a bound Netty server channel: {@link #dispose()} closes it, so no more
 * connections are accepted; connections already accepted stay open until they are closed.
 */
public final class ChannelBoundServer implements BoundServer {

  private final Channel serverChannel;
  private final SocketAddress address;
  private final Sinks.Empty<Void> onClose = Sinks.empty();

  /**
   * Wraps a bound server channel.
   *
   * @throws IllegalArgumentException if the channel is not bound
   */
  public ChannelBoundServer(Channel serverChannel) {
    this.serverChannel = Objects.requireNonNull(serverChannel, "serverChannel");
    SocketAddress local = serverChannel.localAddress();
    if (local == null) {
      throw new IllegalArgumentException(
          "serverChannel: " + serverChannel + " (expected: a bound channel)");
    }
    this.address = local;
    serverChannel.closeFuture().addListener(future -> onClose.tryEmitEmpty());
  }

  @Override
  public SocketAddress address() {
    return address;
  }

  @Override
  public Mono<Void> onClose() {
    return onClose.asMono();
  }

  @Override
  public void dispose() {
    serverChannel.close();
  }

  @Override
  public boolean isDisposed() {
    return !serverChannel.isOpen();
  }

  @Override
  public String toString() {
    return "ChannelBoundServer[" + address + "]";
  }
}

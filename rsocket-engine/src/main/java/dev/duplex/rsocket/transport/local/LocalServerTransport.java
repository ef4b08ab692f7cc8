package dev.duplex.rsocket.transport.local;

import dev.duplex.rsocket.transport.BoundServer;
import dev.duplex.rsocket.transport.DuplexConnection;
import dev.duplex.rsocket.transport.ServerTransport;
import dev.duplex.rsocket.transport.netty.ChannelBoundServer;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalServerChannel;
import java.net.BindException;
import java.util.Objects;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;

/**
 * Accepts in-JVM RSocket connections under a name, on Netty's {@link LocalServerChannel}: frames
 * pass between the two sides as buffers, with no length prefix and no copy. For tests, and for
 * talking RSocket to oneself.
 *
 * <pre>{@code
 * BoundServer server = RSocketServer.create(acceptor)
 *     .bind(LocalServerTransport.create("orders"))
 *     .block();
 * }</pre>
 *
 * Names are unique in the JVM while bound, compared ignoring case and surrounding blanks.
 */
public final class LocalServerTransport implements ServerTransport {

  private final LocalAddress address;

  private LocalServerTransport(LocalAddress address) {
    this.address = address;
  }

  /**
   * A transport that binds {@code name}.
   *
   * @param name not blank
   */
  public static LocalServerTransport create(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name: '" + name + "' (expected: not blank)");
    }
    return new LocalServerTransport(new LocalAddress(name));
  }

  /** The name bound. */
  public String name() {
    return address.id();
  }

  /**
   * Binds when subscribed.
   *
   * @return the bound server, or a {@link BindException} if the name is already bound
   */
  @Override
  public Mono<BoundServer> start(Consumer<DuplexConnection> acceptor) {
    Objects.requireNonNull(acceptor, "acceptor");
    return Mono.create(sink -> {
      ChannelFuture bind = new ServerBootstrap()
          .group(LocalEventLoops.GROUP)
          .channel(LocalServerChannel.class)
          .childOption(ChannelOption.AUTO_READ, false)
          .childHandler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel channel) {
              LocalFrameCodec.install(channel).handTo(acceptor);
            }
          })
          .bind(address);
      sink.onCancel(() -> bind.channel().close());
      bind.addListener(future -> {
        if (future.isSuccess()) {
          sink.success(new ChannelBoundServer(bind.channel()));
        } else {
          BindException failure = new BindException("Cannot bind the local transport name '"
              + address.id() + "': " + future.cause().getMessage());
          failure.initCause(future.cause());
          sink.error(failure);
        }
      });
    });
  }
}

package dev.duplex.rsocket.transport.local;

import dev.duplex.rsocket.transport.ClientTransport;
import dev.duplex.rsocket.transport.DuplexConnection;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import java.net.ConnectException;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * Opens in-JVM RSocket connections to a {@link LocalServerTransport} by name, on Netty's
 * {@link LocalChannel}: frames pass between the two sides as buffers, with no length prefix and no
 * copy.
 */
public final class LocalClientTransport implements ClientTransport {

  private final LocalAddress address;

  private LocalClientTransport(LocalAddress address) {
    this.address = address;
  }

  /**
   * A transport that connects to the server bound to {@code name}.
   *
   * @param name not blank
   */
  public static LocalClientTransport create(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name: '" + name + "' (expected: not blank)");
    }
    return new LocalClientTransport(new LocalAddress(name));
  }

  /** The name connected to. */
  public String name() {
    return address.id();
  }

  /**
   * Connects when subscribed.
   *
   * @return the connection, or a {@link ConnectException} naming the name if no server is bound to
   *     it
   */
  @Override
  public Mono<DuplexConnection> connect() {
    return Mono.create(sink -> {
      LocalChannel channel = new LocalChannel();
      channel.config().setAutoRead(false);
      sink.onCancel(channel::close);
      LocalEventLoops.GROUP.register(channel).addListener(registered -> {
        if (!registered.isSuccess()) {
          sink.error(registered.cause());
          return;
        }
        channel.connect(address).addListener(connected -> {
          if (connected.isSuccess()) {
            sink.success(LocalFrameCodec.install(channel));
          } else if (connected.cause() instanceof ConnectException) {
            ConnectException failure = new ConnectException(
                "No local server is bound to the name '" + address.id() + "'");
            failure.initCause(connected.cause());
            sink.error(failure);
          } else {
            sink.error(connected.cause());
          }
        });
      });
    });
  }
}

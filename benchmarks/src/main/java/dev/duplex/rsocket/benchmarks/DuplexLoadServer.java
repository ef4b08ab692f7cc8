package dev.duplex.rsocket.benchmarks;

import dev.duplex.rsocket.ConnectionListener;
import dev.duplex.rsocket.Payload;
import dev.duplex.rsocket.RSocket;
import dev.duplex.rsocket.SocketAcceptor;
import dev.duplex.rsocket.core.RSocketServer;
import dev.duplex.rsocket.frame.metadata.CompositeMetadata;
import dev.duplex.rsocket.frame.metadata.RoutingMetadata;
import dev.duplex.rsocket.frame.metadata.WellKnownMimeType;
import dev.duplex.rsocket.transport.BoundServer;
import dev.duplex.rsocket.transport.tcp.TcpServerTransport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A Duplex load server: checks each request's route, answers request-response with 32 bytes, a
 * request-stream with as many 32-byte items as its data asks for, and counts fire-and-forget.
 */
final class DuplexLoadServer implements RSocket {

  private final RouteCheck routeCheck;
  private final LongAdder messages;
  private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;

  private DuplexLoadServer(RouteCheck routeCheck, LongAdder messages) {
    this.routeCheck = routeCheck;
    this.messages = messages;
  }

  /** Binds a server on 127.0.0.1 and {@code port}. */
  static BoundLoadServer bind(int port, RouteCheck routeCheck, LongAdder messages) {
    return bind(port, routeCheck, messages, ConnectionListener.NONE);
  }

  /** Binds a server on 127.0.0.1 and {@code port} whose connections tell {@code listener}. */
  static BoundLoadServer bind(int port, RouteCheck routeCheck, LongAdder messages,
      ConnectionListener listener) {
    BoundServer server = RSocketServer
        .create(SocketAcceptor.with(new DuplexLoadServer(routeCheck, messages)))
        .listener(listener)
        .bind(TcpServerTransport.create(LoadImpl.HOST, port))
        .block(Duration.ofSeconds(30));
    if (server == null) {
      throw new IllegalStateException("Duplex server did not bind");
    }
    return new BoundLoadServer() {
      @Override
      public int port() {
        return ((InetSocketAddress) server.address()).getPort();
      }

      @Override
      public void close() {
        server.dispose();
      }
    };
  }

  @Override
  public Mono<Payload> requestResponse(Payload payload) {
    try {
      if (!routed(payload)) {
        return Mono.error(new IllegalArgumentException("route: not " + LoadMessages.ROUTE));
      }
      messages.increment();
      return Mono.just(item());
    } finally {
      payload.release();
    }
  }

  @Override
  public Flux<Payload> requestStream(Payload payload) {
    try {
      if (!routed(payload)) {
        return Flux.error(new IllegalArgumentException("route: not " + LoadMessages.ROUTE));
      }
      return ItemStream.of(LoadMessages.streamItems(payload.data()), this::item, messages);
    } finally {
      payload.release();
    }
  }

  @Override
  public Mono<Void> fireAndForget(Payload payload) {
    try {
      if (routed(payload)) {
        messages.increment();
      }
      return Mono.empty();
    } finally {
      payload.release();
    }
  }

  private Payload item() {
    return Payload.create(LoadMessages.data(alloc));
  }

  private boolean routed(Payload payload) {
    ByteBuf metadata = payload.metadata();
    ByteBuf routing = metadata == null ? null
        : CompositeMetadata.findFirst(metadata, WellKnownMimeType.MESSAGE_RSOCKET_ROUTING);
    if (routing == null) {
      return false;
    }
    if (routeCheck == RouteCheck.MATCH) {
      return LoadMessages.matchesRoute(routing);
    }
    return LoadMessages.ROUTE.equals(RoutingMetadata.firstTag(routing));
  }
}

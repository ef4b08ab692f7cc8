package dev.duplex.rsocket.benchmarks;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.rsocket.Payload;
import io.rsocket.RSocket;
import io.rsocket.SocketAcceptor;
import io.rsocket.core.RSocketServer;
import io.rsocket.frame.decoder.PayloadDecoder;
import io.rsocket.metadata.CompositeMetadata;
import io.rsocket.metadata.RoutingMetadata;
import io.rsocket.metadata.WellKnownMimeType;
import io.rsocket.transport.netty.server.CloseableChannel;
import io.rsocket.transport.netty.server.TcpServerTransport;
import io.rsocket.util.ByteBufPayload;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.atomic.LongAdder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * An rsocket-java 1.1.5 load server with {@link PayloadDecoder#ZERO_COPY}, answering as
 * {@link DuplexLoadServer} does; the route is read with rsocket-java's own metadata readers.
 */
final class RSocketJavaLoadServer implements RSocket {

  private static final String ROUTING = WellKnownMimeType.MESSAGE_RSOCKET_ROUTING.getString();

  private final RouteCheck routeCheck;
  private final LongAdder messages;
  private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;

  private RSocketJavaLoadServer(RouteCheck routeCheck, LongAdder messages) {
    this.routeCheck = routeCheck;
    this.messages = messages;
  }

  /** Binds a server on 127.0.0.1 and {@code port}. */
  static BoundLoadServer bind(int port, RouteCheck routeCheck, LongAdder messages) {
    CloseableChannel server = RSocketServer
        .create(SocketAcceptor.with(new RSocketJavaLoadServer(routeCheck, messages)))
        .payloadDecoder(PayloadDecoder.ZERO_COPY)
        .bind(TcpServerTransport.create(LoadImpl.HOST, port))
        .block(Duration.ofSeconds(30));
    if (server == null) {
      throw new IllegalStateException("rsocket-java server did not bind");
    }
    return new BoundLoadServer() {
      @Override
      public int port() {
        return server.address().getPort();
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
    return ByteBufPayload.create(LoadMessages.data(alloc));
  }

  private boolean routed(Payload payload) {
    if (!payload.hasMetadata()) {
      return false;
    }
    for (CompositeMetadata.Entry entry : new CompositeMetadata(payload.metadata(), false)) {
      if (ROUTING.equals(entry.getMimeType())) {
        ByteBuf routing = entry.getContent();
        if (routeCheck == RouteCheck.MATCH) {
          return LoadMessages.matchesRoute(routing);
        }
        Iterator<String> tags = new RoutingMetadata(routing).iterator();
        return tags.hasNext() && LoadMessages.ROUTE.equals(tags.next());
      }
    }
    return false;
  }
}

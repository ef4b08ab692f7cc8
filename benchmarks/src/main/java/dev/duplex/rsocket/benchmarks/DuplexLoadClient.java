package dev.duplex.rsocket.benchmarks;

import dev.duplex.rsocket.Payload;
import dev.duplex.rsocket.RSocketConnection;
import dev.duplex.rsocket.core.RSocketConnector;
import dev.duplex.rsocket.frame.metadata.CompositeMetadata;
import dev.duplex.rsocket.transport.tcp.TcpClientTransport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.time.Duration;
import reactor.core.publisher.Mono;

/** A Duplex client connection for the load scenarios. */
final class DuplexLoadClient implements LoadClient {

  private final RSocketConnection connection;
  private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;

  private DuplexLoadClient(RSocketConnection connection) {
    this.connection = connection;
  }

  /** Connects to 127.0.0.1 and {@code port}. */
  static DuplexLoadClient connect(int port) {
    RSocketConnection connection = RSocketConnector.create()
        .metadataMimeType(LoadMessages.COMPOSITE_METADATA)
        .connect(TcpClientTransport.create(LoadImpl.HOST, port))
        .block(Duration.ofSeconds(30));
    if (connection == null) {
      throw new IllegalStateException("Duplex client did not connect");
    }
    return new DuplexLoadClient(connection);
  }

  @Override
  public void requestResponse(Done done) {
    connection.requestResponse(Payload.create(LoadMessages.data(alloc), routing()))
        .subscribe(ReleasingSubscriber.of(done));
  }

  @Override
  public void fireAndForget(Done done) {
    connection.fireAndForget(Payload.create(LoadMessages.data(alloc), routing()))
        .subscribe(ReleasingSubscriber.errorsOnly(done));
  }

  @Override
  public Mono<Long> requestStream(long items) {
    return connection
        .requestStream(Payload.create(LoadMessages.streamRequestData(alloc, items), routing()))
        .doOnNext(Payload::release)
        .count();
  }

  @Override
  public void close() {
    connection.dispose();
  }

  private ByteBuf routing() {
    ByteBuf metadata = alloc.buffer(4 + 1 + LoadMessages.ROUTE.length());
    CompositeMetadata.encodeRoutingEntry(metadata, LoadMessages.ROUTE);
    return metadata;
  }
}

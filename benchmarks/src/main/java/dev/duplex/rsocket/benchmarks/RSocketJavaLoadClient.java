package dev.duplex.rsocket.benchmarks;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.rsocket.Payload;
import io.rsocket.RSocket;
import io.rsocket.core.RSocketConnector;
import io.rsocket.frame.decoder.PayloadDecoder;
import io.rsocket.metadata.CompositeMetadataCodec;
import io.rsocket.metadata.TaggingMetadataCodec;
import io.rsocket.metadata.WellKnownMimeType;
import io.rsocket.transport.netty.client.TcpClientTransport;
import io.rsocket.util.ByteBufPayload;
import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * An rsocket-java 1.1.5 client connection for the load scenarios, zero-copy, building routing
 * metadata with rsocket-java's codecs.
 */
final class RSocketJavaLoadClient implements LoadClient {

  private static final List<String> ROUTES = List.of(LoadMessages.ROUTE);

  private final RSocket rsocket;
  private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;

  private RSocketJavaLoadClient(RSocket rsocket) {
    this.rsocket = rsocket;
  }

  /** Connects to 127.0.0.1 and {@code port}. */
  static RSocketJavaLoadClient connect(int port) {
    RSocket rsocket = RSocketConnector.create()
        .metadataMimeType(LoadMessages.COMPOSITE_METADATA)
        .payloadDecoder(PayloadDecoder.ZERO_COPY)
        .connect(TcpClientTransport.create(LoadImpl.HOST, port))
        .block(Duration.ofSeconds(30));
    if (rsocket == null) {
      throw new IllegalStateException("rsocket-java client did not connect");
    }
    return new RSocketJavaLoadClient(rsocket);
  }

  @Override
  public void requestResponse(Done done) {
    rsocket.requestResponse(ByteBufPayload.create(LoadMessages.data(alloc), routing()))
        .subscribe(ReleasingSubscriber.of(done));
  }

  @Override
  public void fireAndForget(Done done) {
    rsocket.fireAndForget(ByteBufPayload.create(LoadMessages.data(alloc), routing()))
        .subscribe(ReleasingSubscriber.errorsOnly(done));
  }

  @Override
  public Mono<Long> requestStream(long items) {
    return rsocket
        .requestStream(
            ByteBufPayload.create(LoadMessages.streamRequestData(alloc, items), routing()))
        .doOnNext(Payload::release)
        .count();
  }

  @Override
  public void close() {
    rsocket.dispose();
  }

  private ByteBuf routing() {
    CompositeByteBuf metadata = alloc.compositeBuffer();
    ByteBuf routing = TaggingMetadataCodec.createRoutingMetadata(alloc, ROUTES).getContent();
    CompositeMetadataCodec.encodeAndAddMetadata(metadata, alloc,
        WellKnownMimeType.MESSAGE_RSOCKET_ROUTING, routing);
    return metadata;
  }
}

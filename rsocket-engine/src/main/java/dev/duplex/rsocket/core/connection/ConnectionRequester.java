package dev.duplex.rsocket.core.connection;

import dev.duplex.rsocket.Payload;
import dev.duplex.rsocket.RSocketConnection;
import dev.duplex.rsocket.core.stream.FireAndForgetRequester;
import dev.duplex.rsocket.core.stream.RequestChannelRequester;
import dev.duplex.rsocket.core.stream.RequestResponseRequester;
import dev.duplex.rsocket.core.stream.RequestStreamRequester;
import dev.duplex.rsocket.frame.FrameWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.SocketAddress;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The requester side of a connection: each call starts a stream on subscription. */
final class ConnectionRequester implements RSocketConnection {

  private final ConnectionHandler handler;

  ConnectionRequester(ConnectionHandler handler) {
    this.handler = handler;
  }

  @Override
  public Mono<Void> fireAndForget(Payload payload) {
    return new FireAndForgetRequester(handler, payload);
  }

  @Override
  public Mono<Payload> requestResponse(Payload payload) {
    return new RequestResponseRequester(handler, payload);
  }

  @Override
  public Flux<Payload> requestStream(Payload payload) {
    return new RequestStreamRequester(handler, payload);
  }

  @Override
  public Flux<Payload> requestChannel(Publisher<Payload> payloads) {
    return new RequestChannelRequester(handler, payloads);
  }

  @Override
  public Mono<Void> metadataPush(Payload payload) {
    return Mono.create(sink -> handler.execute(() -> {
      Throwable closed = handler.closedCause();
      if (closed != null) {
        payload.release();
        sink.error(closed);
        return;
      }
      ByteBuf metadata = payload.metadata();
      try {
        handler.send(FrameWriter.metadataPush(handler.alloc(),
            metadata == null ? Unpooled.EMPTY_BUFFER : metadata.retain()));
      } finally {
        payload.release();
      }
      sink.success();
    }));
  }

  @Override
  public Mono<Void> onClose() {
    return handler.onClose();
  }

  @Override
  public void dispose() {
    handler.execute(() -> handler.close(null, "Connection disposed"));
  }

  @Override
  public boolean isDisposed() {
    return handler.connection().isDisposed();
  }

  @Override
  public SocketAddress remoteAddress() {
    return handler.connection().remoteAddress();
  }

  @Override
  public String dataMimeType() {
    return handler.dataMimeType();
  }

  @Override
  public String metadataMimeType() {
    return handler.metadataMimeType();
  }

  @Override
  public String toString() {
    return "RSocketConnection[" + remoteAddress() + "]";
  }
}

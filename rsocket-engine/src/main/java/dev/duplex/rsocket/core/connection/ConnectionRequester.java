package dev.duplex.rsocket.core.connection;

import dev.duplex.rsocket.Payload;
import dev.duplex.rsocket.RSocketConnection;
import dev.duplex.rsocket.StreamRole;
import dev.duplex.rsocket.core.stream.FireAndForgetRequester;
import dev.duplex.rsocket.core.stream.RequestChannelRequester;
import dev.duplex.rsocket.core.stream.RequestResponseRequester;
import dev.duplex.rsocket.core.stream.RequestStreamRequester;
import dev.duplex.rsocket.frame.FrameType;
import dev.duplex.rsocket.frame.FrameWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.SocketAddress;
import java.util.concurrent.RejectedExecutionException;
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
    return handler.events().stream(new FireAndForgetRequester(handler, payload),
        FrameType.REQUEST_FNF, StreamRole.REQUESTER);
  }

  @Override
  public Mono<Payload> requestResponse(Payload payload) {
    return handler.events().stream(new RequestResponseRequester(handler, payload),
        FrameType.REQUEST_RESPONSE, StreamRole.REQUESTER);
  }

  @Override
  public Flux<Payload> requestStream(Payload payload) {
    return handler.events().stream(new RequestStreamRequester(handler, payload),
        FrameType.REQUEST_STREAM, StreamRole.REQUESTER);
  }

  @Override
  public Flux<Payload> requestChannel(Publisher<Payload> payloads) {
    return handler.events().stream(new RequestChannelRequester(handler, payloads),
        FrameType.REQUEST_CHANNEL, StreamRole.REQUESTER);
  }

  @Override
  public Mono<Void> metadataPush(Payload payload) {
    return handler.events().stream(pushMetadata(payload),
        FrameType.METADATA_PUSH, StreamRole.REQUESTER);
  }

  private Mono<Void> pushMetadata(Payload payload) {
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
    try {
      handler.execute(() -> handler.close(null, "Connection disposed"));
    } catch (RejectedExecutionException e) {
      // the event loop has shut down, and with it the transport: nothing is left to close
    }
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

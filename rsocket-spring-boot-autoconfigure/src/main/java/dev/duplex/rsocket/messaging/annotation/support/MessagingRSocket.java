package dev.duplex.rsocket.messaging.annotation.support;

import dev.duplex.rsocket.ConnectionSetupPayload;
import dev.duplex.rsocket.Payload;
import dev.duplex.rsocket.RSocket;
import dev.duplex.rsocket.frame.FrameType;
import dev.duplex.rsocket.messaging.MetadataExtractor;
import dev.duplex.rsocket.messaging.PayloadUtils;
import dev.duplex.rsocket.messaging.RSocketRequester;
import dev.duplex.rsocket.messaging.RSocketStrategies;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.NettyDataBuffer;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.ReactiveMessageHandler;
import org.springframework.messaging.handler.DestinationPatternsMessageCondition;
import org.springframework.messaging.handler.invocation.reactive.HandlerMethodReturnValueHandler;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.util.Assert;
import org.springframework.util.MimeType;
import org.springframework.util.RouteMatcher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The engine {@link RSocket} responder of one connection that turns each request into a
 * {@link Message} and hands it to a {@link ReactiveMessageHandler}; Spring's
 * {@code MessagingRSocket} on the engine.
 *
 * <p>Headers: the route and other values extracted from the metadata, the
 * {@link RSocketFrameTypeMessageCondition#FRAME_TYPE_HEADER frame type}, the
 * {@link RSocketRequesterMethodArgumentResolver#RSOCKET_REQUESTER_HEADER requester} for the
 * connection, the data MIME type as content type, and for requests with a response the
 * {@link RSocketPayloadReturnValueHandler#RESPONSE_HEADER response reference}.
 *
 * <p>Buffers: every request payload is consumed. Its data becomes a {@code DataBuffer} (returned
 * owned into the message); a buffer the handler never reads is released when handling ends.
 */
class MessagingRSocket implements RSocket {

  private final MimeType dataMimeType;

  private final MimeType metadataMimeType;

  private final MetadataExtractor metadataExtractor;

  private final ReactiveMessageHandler messageHandler;

  private final RouteMatcher routeMatcher;

  private final RSocketRequester requester;

  private final RSocketStrategies strategies;

  MessagingRSocket(MimeType dataMimeType, MimeType metadataMimeType,
      MetadataExtractor metadataExtractor, RSocketRequester requester,
      ReactiveMessageHandler messageHandler, RouteMatcher routeMatcher,
      RSocketStrategies strategies) {

    Assert.notNull(dataMimeType, "'dataMimeType' is required");
    Assert.notNull(metadataMimeType, "'metadataMimeType' is required");
    Assert.notNull(metadataExtractor, "MetadataExtractor is required");
    Assert.notNull(requester, "RSocketRequester is required");
    Assert.notNull(messageHandler, "ReactiveMessageHandler is required");
    Assert.notNull(routeMatcher, "RouteMatcher is required");
    Assert.notNull(strategies, "RSocketStrategies is required");

    this.dataMimeType = dataMimeType;
    this.metadataMimeType = metadataMimeType;
    this.metadataExtractor = metadataExtractor;
    this.requester = requester;
    this.messageHandler = messageHandler;
    this.routeMatcher = routeMatcher;
    this.strategies = strategies;
  }

  /**
   * Handles the connection's SETUP as a message with frame type {@code SETUP}.
   *
   * @param setup the setup; its payload is borrowed (retained here for the message's buffer)
   * @return completion, or an error that rejects the connection
   */
  Mono<Void> handleConnectionSetupPayload(ConnectionSetupPayload setup) {
    Payload payload = setup.payload();
    payload.retain();
    return handle(payload, FrameType.SETUP);
  }

  @Override
  public Mono<Void> fireAndForget(Payload payload) {
    return handle(payload, FrameType.REQUEST_FNF);
  }

  @Override
  public Mono<Payload> requestResponse(Payload payload) {
    return handleAndReply(payload, FrameType.REQUEST_RESPONSE, Flux.just(payload)).next();
  }

  @Override
  public Flux<Payload> requestStream(Payload payload) {
    return handleAndReply(payload, FrameType.REQUEST_STREAM, Flux.just(payload));
  }

  @Override
  public Flux<Payload> requestChannel(Publisher<Payload> payloads) {
    return Flux.from(payloads).switchOnFirst((signal, innerFlux) -> {
      Payload firstPayload = signal.get();
      return firstPayload == null ? innerFlux
          : handleAndReply(firstPayload, FrameType.REQUEST_CHANNEL, innerFlux);
    });
  }

  @Override
  public Mono<Void> metadataPush(Payload payload) {
    return handle(payload, FrameType.METADATA_PUSH);
  }

  private Mono<Void> handle(Payload payload, FrameType frameType) {
    MessageHeaders headers;
    DataBuffer dataBuffer;
    try {
      headers = createHeaders(payload, frameType, null);
      dataBuffer = retainDataAndReleasePayload(payload);
    } catch (Throwable ex) {
      return Mono.error(ex);
    }
    int refCount = refCount(dataBuffer);
    Message<?> message = MessageBuilder.createMessage(dataBuffer, headers);
    return Mono.defer(() -> this.messageHandler.handleMessage(message))
        .doFinally(s -> {
          // not consumed by a decoder (no payload argument, no handler, an error)
          if (refCount(dataBuffer) == refCount) {
            DataBufferUtils.release(dataBuffer);
          }
        });
  }

  private static int refCount(DataBuffer dataBuffer) {
    return dataBuffer instanceof NettyDataBuffer nettyDataBuffer
        ? nettyDataBuffer.getNativeBuffer().refCnt() : 1;
  }

  /**
   * Handles a request with a response: {@code firstPayload} gives the headers and is the first of
   * {@code payloads}. Whoever claims {@code firstPayload} first releases it: the input flux when
   * the handler reads it, or the end of the response when it never does.
   */
  private Flux<Payload> handleAndReply(
      Payload firstPayload, FrameType frameType, Flux<Payload> payloads) {

    AtomicBoolean firstClaimed = new AtomicBoolean();
    AtomicReference<Flux<Payload>> responseRef = new AtomicReference<>();
    MessageHeaders headers;
    try {
      headers = createHeaders(firstPayload, frameType, responseRef);
    } catch (Throwable ex) {
      firstClaimed.set(true); // released by createHeaders
      return payloads.<Payload>handle((payload, sink) -> {
        if (payload != firstPayload) {
          payload.release();
        }
      }).thenMany(Flux.error(ex));
    }

    Flux<DataBuffer> buffers = payloads.handle((payload, sink) -> {
      if (payload == firstPayload && !firstClaimed.compareAndSet(false, true)) {
        return; // already released: the response ended before the input was read
      }
      sink.next(retainDataAndReleasePayload(payload));
    });
    Message<Flux<DataBuffer>> message = MessageBuilder.createMessage(buffers, headers);

    return Mono.defer(() -> this.messageHandler.handleMessage(message))
        .thenMany(Flux.defer(() -> {
          Flux<Payload> response = responseRef.get();
          return response != null ? response
              : Flux.error(new IllegalStateException("Expected response"));
        }))
        .doFinally(s -> {
          if (firstClaimed.compareAndSet(false, true)) {
            firstPayload.release();
          }
        });
  }

  private DataBuffer retainDataAndReleasePayload(Payload payload) {
    return PayloadUtils.retainDataAndReleasePayload(payload, this.strategies.dataBufferFactory());
  }

  /**
   * The message headers for {@code payload}.
   *
   * @param payload borrowed; released when this throws
   */
  private MessageHeaders createHeaders(Payload payload, FrameType frameType,
      @Nullable AtomicReference<Flux<Payload>> responseRef) {

    try {
      MessageHeaderAccessor headers = new MessageHeaderAccessor();
      headers.setLeaveMutable(true);

      Map<String, Object> metadataValues =
          this.metadataExtractor.extract(payload, this.metadataMimeType);

      metadataValues.putIfAbsent(MetadataExtractor.ROUTE_KEY, "");
      for (Map.Entry<String, Object> entry : metadataValues.entrySet()) {
        if (entry.getKey().equals(MetadataExtractor.ROUTE_KEY)) {
          RouteMatcher.Route route = this.routeMatcher.parseRoute((String) entry.getValue());
          headers.setHeader(DestinationPatternsMessageCondition.LOOKUP_DESTINATION_HEADER, route);
        } else {
          headers.setHeader(entry.getKey(), entry.getValue());
        }
      }

      headers.setContentType(this.dataMimeType);
      headers.setHeader(RSocketFrameTypeMessageCondition.FRAME_TYPE_HEADER, frameType);
      headers.setHeader(RSocketRequesterMethodArgumentResolver.RSOCKET_REQUESTER_HEADER,
          this.requester);
      if (responseRef != null) {
        headers.setHeader(RSocketPayloadReturnValueHandler.RESPONSE_HEADER, responseRef);
      }
      headers.setHeader(HandlerMethodReturnValueHandler.DATA_BUFFER_FACTORY_HEADER,
          this.strategies.dataBufferFactory());

      return headers.getMessageHeaders();
    } catch (Throwable ex) {
      if (payload.refCnt() > 0) {
        payload.release();
      }
      throw ex;
    }
  }
}

package dev.duplex.rsocket.messaging.annotation.support;

import dev.duplex.rsocket.ConnectionSetupPayload;
import dev.duplex.rsocket.Payload;
import dev.duplex.rsocket.RSocket;
import dev.duplex.rsocket.frame.FrameType;
import dev.duplex.rsocket.messaging.MetadataExtractor;
import dev.duplex.rsocket.messaging.PayloadUtils;
import dev.duplex.rsocket.messaging.RSocketRequester;
import dev.duplex.rsocket.messaging.RSocketStrategies;
import dev.duplex.rsocket.messaging.observation.DefaultRSocketResponderObservationConvention;
import dev.duplex.rsocket.messaging.observation.RSocketObservationDocumentation;
import dev.duplex.rsocket.messaging.observation.RSocketPropagationMetadata;
import dev.duplex.rsocket.messaging.observation.RSocketResponderObservationContext;
import dev.duplex.rsocket.messaging.observation.RSocketResponderObservationConvention;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
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
 *
 * <p>With an {@link ObservationRegistry} other than the no-op one, each request (not the SETUP)
 * is one {@link RSocketObservationDocumentation#RSOCKET_RESPONDER_REQUESTS observation}, started
 * when the engine subscribes to the response, stopped when handling completes, fails or is
 * canceled, continuing the trace in the request's composite metadata. It is in the Reactor context
 * of the handling, and its context in the message headers, where the handler records the matched
 * route pattern.
 */
class MessagingRSocket implements RSocket {

  private static final RSocketResponderObservationConvention DEFAULT_OBSERVATION_CONVENTION =
      new DefaultRSocketResponderObservationConvention();

  private final MimeType dataMimeType;

  private final MimeType metadataMimeType;

  private final MetadataExtractor metadataExtractor;

  private final ReactiveMessageHandler messageHandler;

  private final RouteMatcher routeMatcher;

  private final RSocketRequester requester;

  private final RSocketStrategies strategies;

  private final ObservationRegistry observationRegistry;

  private final @Nullable RSocketResponderObservationConvention observationConvention;

  MessagingRSocket(MimeType dataMimeType, MimeType metadataMimeType,
      MetadataExtractor metadataExtractor, RSocketRequester requester,
      ReactiveMessageHandler messageHandler, RouteMatcher routeMatcher,
      RSocketStrategies strategies) {
    this(dataMimeType, metadataMimeType, metadataExtractor, requester, messageHandler,
        routeMatcher, strategies, ObservationRegistry.NOOP, null);
  }

  MessagingRSocket(MimeType dataMimeType, MimeType metadataMimeType,
      MetadataExtractor metadataExtractor, RSocketRequester requester,
      ReactiveMessageHandler messageHandler, RouteMatcher routeMatcher,
      RSocketStrategies strategies, ObservationRegistry observationRegistry,
      @Nullable RSocketResponderObservationConvention observationConvention) {

    Assert.notNull(dataMimeType, "'dataMimeType' is required");
    Assert.notNull(metadataMimeType, "'metadataMimeType' is required");
    Assert.notNull(metadataExtractor, "MetadataExtractor is required");
    Assert.notNull(requester, "RSocketRequester is required");
    Assert.notNull(messageHandler, "ReactiveMessageHandler is required");
    Assert.notNull(routeMatcher, "RouteMatcher is required");
    Assert.notNull(strategies, "RSocketStrategies is required");
    Assert.notNull(observationRegistry, "ObservationRegistry is required");

    this.dataMimeType = dataMimeType;
    this.metadataMimeType = metadataMimeType;
    this.metadataExtractor = metadataExtractor;
    this.requester = requester;
    this.messageHandler = messageHandler;
    this.routeMatcher = routeMatcher;
    this.strategies = strategies;
    this.observationRegistry = observationRegistry;
    this.observationConvention = observationConvention;
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
    return handle(payload, FrameType.SETUP, null);
  }

  @Override
  public Mono<Void> fireAndForget(Payload payload) {
    RSocketResponderObservationContext context =
        observationContext(payload, FrameType.REQUEST_FNF);
    return observe(handle(payload, FrameType.REQUEST_FNF, context), context);
  }

  @Override
  public Mono<Payload> requestResponse(Payload payload) {
    RSocketResponderObservationContext context =
        observationContext(payload, FrameType.REQUEST_RESPONSE);
    return observe(
        handleAndReply(payload, FrameType.REQUEST_RESPONSE, Flux.just(payload), context).next(),
        context);
  }

  @Override
  public Flux<Payload> requestStream(Payload payload) {
    RSocketResponderObservationContext context =
        observationContext(payload, FrameType.REQUEST_STREAM);
    return observe(
        handleAndReply(payload, FrameType.REQUEST_STREAM, Flux.just(payload), context), context);
  }

  @Override
  public Flux<Payload> requestChannel(Publisher<Payload> payloads) {
    return Flux.from(payloads).switchOnFirst((signal, innerFlux) -> {
      Payload firstPayload = signal.get();
      if (firstPayload == null) {
        return innerFlux;
      }
      RSocketResponderObservationContext context =
          observationContext(firstPayload, FrameType.REQUEST_CHANNEL);
      return observe(
          handleAndReply(firstPayload, FrameType.REQUEST_CHANNEL, innerFlux, context), context);
    });
  }

  @Override
  public Mono<Void> metadataPush(Payload payload) {
    RSocketResponderObservationContext context =
        observationContext(payload, FrameType.METADATA_PUSH);
    return observe(handle(payload, FrameType.METADATA_PUSH, context), context);
  }

  /**
   * The observation context of a request, with the propagation fields of its composite metadata,
   * or {@code null} when requests are not observed.
   *
   * @param payload the request (borrowed)
   */
  private @Nullable RSocketResponderObservationContext observationContext(
      Payload payload, FrameType frameType) {
    if (this.observationRegistry.isNoop()) {
      return null;
    }
    Map<String, String> fields = payload.hasMetadata() && this.metadataMimeType.toString()
        .equals(MetadataExtractor.COMPOSITE_METADATA.toString())
        ? RSocketPropagationMetadata.read(payload.metadata()) : Map.of();
    return new RSocketResponderObservationContext(
        frameType, fields, this.dataMimeType, this.metadataMimeType);
  }

  /** {@code handling}, observed with {@code context} unless it is {@code null}. */
  private <T> Mono<T> observe(
      Mono<T> handling, @Nullable RSocketResponderObservationContext context) {
    if (context == null) {
      return handling;
    }
    return Mono.defer(() -> {
      Observation observation = startObservation(context);
      return handling
          .doOnSuccess(value -> context.setCompleted(true))
          .doOnError(observation::error)
          .doOnCancel(() -> context.setCanceled(!context.isCompleted()))
          .doFinally(signal -> observation.stop())
          .contextWrite(ctx -> ctx.put(ObservationThreadLocalAccessor.KEY, observation));
    });
  }

  /** {@code handling}, observed with {@code context} unless it is {@code null}. */
  private <T> Flux<T> observe(
      Flux<T> handling, @Nullable RSocketResponderObservationContext context) {
    if (context == null) {
      return handling;
    }
    return Flux.defer(() -> {
      Observation observation = startObservation(context);
      return handling
          .doOnComplete(() -> context.setCompleted(true))
          .doOnError(observation::error)
          .doOnCancel(() -> context.setCanceled(!context.isCompleted()))
          .doFinally(signal -> observation.stop())
          .contextWrite(ctx -> ctx.put(ObservationThreadLocalAccessor.KEY, observation));
    });
  }

  private Observation startObservation(RSocketResponderObservationContext context) {
    return RSocketObservationDocumentation.RSOCKET_RESPONDER_REQUESTS
        .observation(this.observationConvention, DEFAULT_OBSERVATION_CONVENTION, () -> context,
            this.observationRegistry)
        .start();
  }

  private Mono<Void> handle(Payload payload, FrameType frameType,
      @Nullable RSocketResponderObservationContext observationContext) {
    MessageHeaders headers;
    DataBuffer dataBuffer;
    try {
      headers = createHeaders(payload, frameType, null, observationContext);
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
  private Flux<Payload> handleAndReply(Payload firstPayload, FrameType frameType,
      Flux<Payload> payloads, @Nullable RSocketResponderObservationContext observationContext) {

    AtomicBoolean firstClaimed = new AtomicBoolean();
    AtomicReference<Flux<Payload>> responseRef = new AtomicReference<>();
    MessageHeaders headers;
    try {
      headers = createHeaders(firstPayload, frameType, responseRef, observationContext);
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
      @Nullable AtomicReference<Flux<Payload>> responseRef,
      @Nullable RSocketResponderObservationContext observationContext) {

    try {
      MessageHeaderAccessor headers = new MessageHeaderAccessor();
      headers.setLeaveMutable(true);

      Map<String, Object> metadataValues =
          this.metadataExtractor.extract(payload, this.metadataMimeType);

      metadataValues.putIfAbsent(MetadataExtractor.ROUTE_KEY, "");
      for (Map.Entry<String, Object> entry : metadataValues.entrySet()) {
        if (entry.getKey().equals(MetadataExtractor.ROUTE_KEY)) {
          if (observationContext != null) {
            observationContext.setRoute((String) entry.getValue());
          }
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
      if (observationContext != null) {
        headers.setHeader(RSocketResponderObservationContext.CURRENT_OBSERVATION_CONTEXT_HEADER,
            observationContext);
      }

      return headers.getMessageHeaders();
    } catch (Throwable ex) {
      if (payload.refCnt() > 0) {
        payload.release();
      }
      throw ex;
    }
  }
}

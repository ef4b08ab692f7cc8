package dev.duplex.rsocket.messaging;

import dev.duplex.rsocket.Payload;
import dev.duplex.rsocket.RSocket;
import dev.duplex.rsocket.core.RSocketClient;
import dev.duplex.rsocket.frame.FrameType;
import dev.duplex.rsocket.messaging.observation.DefaultRSocketRequesterObservationConvention;
import dev.duplex.rsocket.messaging.observation.RSocketObservationDocumentation;
import dev.duplex.rsocket.messaging.observation.RSocketRequesterObservationContext;
import dev.duplex.rsocket.messaging.observation.RSocketRequesterObservationConvention;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.ReactiveAdapter;
import org.springframework.core.ResolvableType;
import org.springframework.core.codec.Decoder;
import org.springframework.core.codec.Encoder;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;
import org.springframework.util.MimeType;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * The default {@link RSocketRequester}: encodes the route, metadata and data of a request with
 * the strategies, picks the interaction from the input and output, and decodes the responses.
 *
 * <p>With an {@link ObservationRegistry} other than the no-op one, each subscription to a request
 * is one {@link RSocketObservationDocumentation#RSOCKET_REQUESTER_REQUESTS observation}, started
 * on subscribe, stopped when the request completes, fails or is canceled, child of the
 * observation in the subscriber's Reactor context, and in the Reactor context of the request
 * itself. Its propagation fields go into the request's metadata when it is composite.
 */
final class DefaultRSocketRequester implements RSocketRequester {

  private static final Map<String, Object> EMPTY_HINTS = Collections.emptyMap();

  private static final byte[] EMPTY_BYTES = new byte[0];

  private static final RSocketRequesterObservationConvention DEFAULT_OBSERVATION_CONVENTION =
      new DefaultRSocketRequesterObservationConvention();

  private final RSocket rsocket;

  private final MimeType dataMimeType;

  private final MimeType metadataMimeType;

  private final RSocketStrategies strategies;

  private final ObservationRegistry observationRegistry;

  private final @Nullable RSocketRequesterObservationConvention observationConvention;

  /** An empty data buffer, a new one per subscription. */
  private final Mono<DataBuffer> emptyBufferMono;

  DefaultRSocketRequester(RSocket rsocket, MimeType dataMimeType, MimeType metadataMimeType,
      RSocketStrategies strategies) {
    this(rsocket, dataMimeType, metadataMimeType, strategies, ObservationRegistry.NOOP, null);
  }

  DefaultRSocketRequester(RSocket rsocket, MimeType dataMimeType, MimeType metadataMimeType,
      RSocketStrategies strategies, ObservationRegistry observationRegistry,
      @Nullable RSocketRequesterObservationConvention observationConvention) {
    Assert.notNull(rsocket, "RSocketClient or RSocket is required");
    Assert.notNull(dataMimeType, "'dataMimeType' is required");
    Assert.notNull(metadataMimeType, "'metadataMimeType' is required");
    Assert.notNull(strategies, "RSocketStrategies is required");
    Assert.notNull(observationRegistry, "ObservationRegistry is required");
    this.rsocket = rsocket;
    this.dataMimeType = dataMimeType;
    this.metadataMimeType = metadataMimeType;
    this.strategies = strategies;
    this.observationRegistry = observationRegistry;
    this.observationConvention = observationConvention;
    this.emptyBufferMono = Mono.fromSupplier(() -> bufferFactory().wrap(EMPTY_BYTES));
  }

  @Override
  public @Nullable RSocketClient rsocketClient() {
    return this.rsocket instanceof RSocketClient client ? client : null;
  }

  @Override
  public RSocket rsocket() {
    return this.rsocket;
  }

  @Override
  public MimeType dataMimeType() {
    return this.dataMimeType;
  }

  @Override
  public MimeType metadataMimeType() {
    return this.metadataMimeType;
  }

  @Override
  public RSocketStrategies strategies() {
    return this.strategies;
  }

  @Override
  public RequestSpec route(String route, Object... vars) {
    return new DefaultRequestSpec(route, vars);
  }

  @Override
  public RequestSpec metadata(Object metadata, @Nullable MimeType mimeType) {
    return new DefaultRequestSpec(metadata, mimeType);
  }

  @Override
  public String toString() {
    return "DefaultRSocketRequester[data=" + this.dataMimeType + ", metadata="
        + this.metadataMimeType + ", rsocket=" + this.rsocket + "]";
  }

  private static boolean isVoid(ResolvableType elementType) {
    return ClassUtils.isVoidType(elementType.resolve());
  }

  private DataBufferFactory bufferFactory() {
    return this.strategies.dataBufferFactory();
  }

  private static void release(Payload payload) {
    if (payload.refCnt() > 0) {
      payload.release();
    }
  }

  /** One request: its metadata, its data, and how to perform it. */
  private final class DefaultRequestSpec implements RequestSpec {

    private final MetadataEncoder metadataEncoder =
        new MetadataEncoder(metadataMimeType(), strategies);

    /** The route as given to {@code route(template, vars)}, or {@code null}. */
    private final @Nullable String routeTemplate;

    /** The payload of a single-payload request, built when subscribed (returns owned). */
    private @Nullable Mono<Payload> payloadMono;

    /** The payloads of a channel, built when subscribed (each returns owned). */
    private @Nullable Flux<Payload> payloadFlux;

    DefaultRequestSpec(String route, Object... vars) {
      this.metadataEncoder.route(route, vars);
      this.routeTemplate = route;
    }

    DefaultRequestSpec(Object metadata, @Nullable MimeType mimeType) {
      this.metadataEncoder.metadata(metadata, mimeType);
      this.routeTemplate = null;
    }

    @Override
    public RequestSpec metadata(Object metadata, MimeType mimeType) {
      this.metadataEncoder.metadata(metadata, mimeType);
      return this;
    }

    @Override
    public RequestSpec metadata(Consumer<MetadataSpec<?>> configurer) {
      configurer.accept(this);
      return this;
    }

    @Override
    public RequestSpec data(Object data) {
      Assert.notNull(data, "'data' must not be null");
      createPayload(data, ResolvableType.NONE);
      return this;
    }

    @Override
    public RequestSpec data(Object producer, Class<?> elementClass) {
      Assert.notNull(producer, "'producer' must not be null");
      Assert.notNull(elementClass, "'elementClass' must not be null");
      ReactiveAdapter adapter = producerAdapter(producer);
      createPayload(adapter.toPublisher(producer), ResolvableType.forClass(elementClass));
      return this;
    }

    @Override
    public RequestSpec data(Object producer, ParameterizedTypeReference<?> elementTypeRef) {
      Assert.notNull(producer, "'producer' must not be null");
      Assert.notNull(elementTypeRef, "'elementTypeRef' must not be null");
      ReactiveAdapter adapter = producerAdapter(producer);
      createPayload(adapter.toPublisher(producer), ResolvableType.forType(elementTypeRef));
      return this;
    }

    private ReactiveAdapter producerAdapter(Object producer) {
      ReactiveAdapter adapter = getAdapter(producer.getClass());
      Assert.notNull(adapter, () -> "'producer' type is unknown to ReactiveAdapterRegistry: "
          + producer.getClass().getName());
      return adapter;
    }

    private @Nullable ReactiveAdapter getAdapter(Class<?> type) {
      return strategies.reactiveAdapterRegistry().getAdapter(type);
    }

    private void createPayload(Object input, ResolvableType elementType) {
      ReactiveAdapter adapter = getAdapter(input.getClass());
      Publisher<?> publisher;
      if (input instanceof Publisher<?> inputPublisher) {
        publisher = inputPublisher;
      } else if (adapter != null) {
        publisher = adapter.toPublisher(input);
      } else {
        ResolvableType type = ResolvableType.forInstance(input);
        this.payloadMono = firstPayload(Mono.fromCallable(() -> encodeData(input, type, null)));
        this.payloadFlux = null;
        return;
      }

      if (isVoid(elementType) || (adapter != null && adapter.isNoValue())) {
        this.payloadMono = Mono.when(publisher).then(firstPayload(emptyBufferMono));
        this.payloadFlux = null;
        return;
      }

      Encoder<?> encoder = elementType != ResolvableType.NONE
          && !Object.class.equals(elementType.resolve())
          ? strategies.encoder(elementType, dataMimeType) : null;

      if (adapter != null && !adapter.isMultiValue()) {
        Mono<DataBuffer> data = Mono.from(publisher)
            .map(value -> encodeData(value, elementType, encoder))
            .switchIfEmpty(emptyBufferMono);
        this.payloadMono = firstPayload(data);
        this.payloadFlux = null;
        return;
      }

      this.payloadMono = null;
      this.payloadFlux = channelPayloads(Flux.from(publisher)
          .map(value -> encodeData(value, elementType, encoder))
          .switchIfEmpty(emptyBufferMono));
    }

    private <T> DataBuffer encodeData(T value, ResolvableType elementType,
        @Nullable Encoder<?> encoder) {
      if (encoder == null) {
        elementType = ResolvableType.forInstance(value);
        encoder = strategies.encoder(elementType, dataMimeType);
      }
      @SuppressWarnings("unchecked")
      Encoder<T> typedEncoder = (Encoder<T>) encoder;
      return typedEncoder.encodeValue(
          value, bufferFactory(), elementType, dataMimeType, EMPTY_HINTS);
    }

    /**
     * The first (or only) payload of a request: {@code encodedData} with the encoded metadata.
     *
     * @param encodedData the data (each buffer returns owned); expected not to be empty
     */
    private Mono<Payload> firstPayload(Mono<DataBuffer> encodedData) {
      return Mono.zip(encodedData, encodeMetadata())
          .map(tuple -> PayloadUtils.createPayload(tuple.getT1(), tuple.getT2()))
          .doOnDiscard(DataBuffer.class, DataBufferUtils::release)
          .doOnDiscard(Payload.class, DefaultRSocketRequester::release);
    }

    /**
     * The metadata, encoded when subscribed so that entries added after {@code data(...)} count
     * too, with the propagation fields of the request's observation in the subscriber's context
     * (returns owned).
     */
    private Mono<DataBuffer> encodeMetadata() {
      return Mono.deferContextual(context -> {
        RSocketRequesterObservationContext observationContext = context.getOrDefault(this, null);
        return observationContext != null
            ? this.metadataEncoder.encode(observationContext.getPropagationFields())
            : this.metadataEncoder.encode();
      });
    }

    /**
     * The payloads of a channel: the metadata is encoded first, then goes with the first data
     * buffer; the rest carry data only. A buffer is owned by exactly one place at a time (the
     * pending metadata, or a payload), so that cancellation and errors release each once.
     */
    private Flux<Payload> channelPayloads(Flux<DataBuffer> encodedData) {
      return encodeMetadata()
          .flatMapMany(metadata -> {
            AtomicReference<@Nullable DataBuffer> pending = new AtomicReference<>(metadata);
            return encodedData
                .map(data -> {
                  DataBuffer first = pending.getAndSet(null);
                  return first != null
                      ? PayloadUtils.createPayload(data, first)
                      : PayloadUtils.createPayload(data);
                })
                .doFinally(signal -> {
                  DataBuffer unused = pending.getAndSet(null);
                  if (unused != null) {
                    DataBufferUtils.release(unused);
                  }
                });
          })
          .doOnDiscard(DataBuffer.class, DataBufferUtils::release)
          .doOnDiscard(Payload.class, DefaultRSocketRequester::release);
    }

    @Override
    public Mono<Void> sendMetadata() {
      return observe(FrameType.METADATA_PUSH, getPayloadMono().flatMap(rsocket::metadataPush));
    }

    @Override
    public Mono<Void> send() {
      return observe(FrameType.REQUEST_FNF, getPayloadMono().flatMap(rsocket::fireAndForget));
    }

    @Override
    public <T> Mono<T> retrieveMono(Class<T> dataType) {
      return retrieveMono(ResolvableType.forClass(dataType));
    }

    @Override
    public <T> Mono<T> retrieveMono(ParameterizedTypeReference<T> dataTypeRef) {
      return retrieveMono(ResolvableType.forType(dataTypeRef));
    }

    private <T> Mono<T> retrieveMono(ResolvableType elementType) {
      Mono<Payload> responseMono = getPayloadMono().flatMap(rsocket::requestResponse);

      if (isVoid(elementType)) {
        return observe(FrameType.REQUEST_RESPONSE,
            responseMono.handle((payload, sink) -> release(payload)));
      }

      Decoder<?> decoder = strategies.decoder(elementType, dataMimeType);
      return observe(FrameType.REQUEST_RESPONSE, responseMono
          .map(this::retainDataAndReleasePayload)
          .map(dataBuffer -> decode(decoder, dataBuffer, elementType)));
    }

    @Override
    public <T> Mono<RSocketResponse<T>> retrieveResponse(Class<T> dataType) {
      return retrieveResponse(ResolvableType.forClass(dataType));
    }

    @Override
    public <T> Mono<RSocketResponse<T>> retrieveResponse(
        ParameterizedTypeReference<T> dataTypeRef) {
      return retrieveResponse(ResolvableType.forType(dataTypeRef));
    }

    private <T> Mono<RSocketResponse<T>> retrieveResponse(ResolvableType elementType) {
      Decoder<?> decoder = strategies.decoder(elementType, dataMimeType);
      return observe(FrameType.REQUEST_RESPONSE,
          getPayloadMono().flatMap(rsocket::requestResponse).map(payload -> {
        Map<String, Object> metadata;
        try {
          metadata = payload.hasMetadata()
              ? strategies.metadataExtractor().extract(payload, metadataMimeType)
              : Map.of();
        } catch (RuntimeException e) {
          payload.release();
          throw e;
        }
        T data = decode(decoder, retainDataAndReleasePayload(payload), elementType);
        return new RSocketResponse<>(data, metadata);
      }));
    }

    @Override
    public <T> Flux<T> retrieveFlux(Class<T> dataType) {
      return retrieveFlux(ResolvableType.forClass(dataType));
    }

    @Override
    public <T> Flux<T> retrieveFlux(ParameterizedTypeReference<T> dataTypeRef) {
      return retrieveFlux(ResolvableType.forType(dataTypeRef));
    }

    private <T> Flux<T> retrieveFlux(ResolvableType elementType) {
      Flux<Payload> channelPayloads = this.payloadFlux;
      Flux<Payload> responseFlux = channelPayloads != null
          ? Flux.deferContextual(context ->
              rsocket.requestChannel(withObservationContext(channelPayloads, context)))
          : getPayloadMono().flatMapMany(rsocket::requestStream);
      FrameType interaction =
          channelPayloads != null ? FrameType.REQUEST_CHANNEL : FrameType.REQUEST_STREAM;

      if (isVoid(elementType)) {
        return observe(interaction, responseFlux.handle((payload, sink) -> release(payload)));
      }

      Decoder<?> decoder = strategies.decoder(elementType, dataMimeType);
      return observe(interaction, responseFlux
          .map(this::retainDataAndReleasePayload)
          .map(dataBuffer -> decode(decoder, dataBuffer, elementType)));
    }

    /**
     * {@code payloads} with the request's observation context from {@code context}: the engine
     * subscribes to a channel's payloads with a context of its own.
     */
    private Flux<Payload> withObservationContext(Flux<Payload> payloads, ContextView context) {
      RSocketRequesterObservationContext observationContext = context.getOrDefault(this, null);
      return observationContext != null
          ? payloads.contextWrite(ctx -> ctx.put(this, observationContext)) : payloads;
    }

    /** {@code request}, observed when the registry is not the no-op one. */
    private <T> Mono<T> observe(FrameType interaction, Mono<T> request) {
      if (observationRegistry.isNoop()) {
        return request;
      }
      return Mono.deferContextual(context -> {
        RSocketRequesterObservationContext observationContext = observationContext(interaction);
        Observation observation = startObservation(observationContext, context);
        return request
            .doOnSuccess(value -> observationContext.setCompleted(true))
            .doOnError(observation::error)
            .doOnCancel(() ->
                observationContext.setCanceled(!observationContext.isCompleted()))
            .doFinally(signal -> observation.stop())
            .contextWrite(ctx -> ctx.put(ObservationThreadLocalAccessor.KEY, observation)
                .put(this, observationContext));
      });
    }

    /** {@code request}, observed when the registry is not the no-op one. */
    private <T> Flux<T> observe(FrameType interaction, Flux<T> request) {
      if (observationRegistry.isNoop()) {
        return request;
      }
      return Flux.deferContextual(context -> {
        RSocketRequesterObservationContext observationContext = observationContext(interaction);
        Observation observation = startObservation(observationContext, context);
        return request
            .doOnComplete(() -> observationContext.setCompleted(true))
            .doOnError(observation::error)
            .doOnCancel(() ->
                observationContext.setCanceled(!observationContext.isCompleted()))
            .doFinally(signal -> observation.stop())
            .contextWrite(ctx -> ctx.put(ObservationThreadLocalAccessor.KEY, observation)
                .put(this, observationContext));
      });
    }

    private RSocketRequesterObservationContext observationContext(FrameType interaction) {
      return new RSocketRequesterObservationContext(interaction, this.routeTemplate,
          this.metadataEncoder.getRoute(), dataMimeType, metadataMimeType);
    }

    /** Starts an observation, child of the one in the subscriber's {@code context}, if any. */
    private Observation startObservation(
        RSocketRequesterObservationContext observationContext, ContextView context) {
      return RSocketObservationDocumentation.RSOCKET_REQUESTER_REQUESTS
          .observation(observationConvention, DEFAULT_OBSERVATION_CONVENTION,
              () -> observationContext, observationRegistry)
          .parentObservation(context.getOrDefault(ObservationThreadLocalAccessor.KEY, null))
          .start();
    }

    /** Decodes {@code dataBuffer} (consumed by the decoder, as Spring's decoders do). */
    @SuppressWarnings("unchecked")
    private <T> T decode(Decoder<?> decoder, DataBuffer dataBuffer, ResolvableType elementType) {
      return (T) Objects.requireNonNull(
          decoder.decode(dataBuffer, elementType, dataMimeType, EMPTY_HINTS));
    }

    private Mono<Payload> getPayloadMono() {
      Assert.state(this.payloadFlux == null,
          "No RSocket interaction with Flux request and Mono response.");
      Mono<Payload> payload = this.payloadMono;
      return payload != null ? payload : firstPayload(emptyBufferMono);
    }

    private DataBuffer retainDataAndReleasePayload(Payload payload) {
      return PayloadUtils.retainDataAndReleasePayload(payload, bufferFactory());
    }
  }
}

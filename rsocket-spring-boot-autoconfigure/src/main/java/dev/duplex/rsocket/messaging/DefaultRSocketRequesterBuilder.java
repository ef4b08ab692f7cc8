package dev.duplex.rsocket.messaging;

import dev.duplex.rsocket.Payload;
import dev.duplex.rsocket.core.RSocketClient;
import dev.duplex.rsocket.core.RSocketConnector;
import dev.duplex.rsocket.messaging.observation.RSocketRequesterObservationConvention;
import dev.duplex.rsocket.transport.ClientTransport;
import dev.duplex.rsocket.transport.tcp.TcpClientTransport;
import dev.duplex.rsocket.transport.websocket.WebSocketClientTransport;
import io.micrometer.observation.ObservationRegistry;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.core.ReactiveAdapter;
import org.springframework.core.ResolvableType;
import org.springframework.core.codec.Decoder;
import org.springframework.core.codec.Encoder;
import org.springframework.core.codec.StringDecoder;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.util.Assert;
import org.springframework.util.CollectionUtils;
import org.springframework.util.MimeType;
import reactor.core.publisher.Mono;

/**
 * The default {@link RSocketRequester.Builder}: collects the settings, then makes an
 * {@link RSocketConnector} with them, and from it the requester's client.
 */
final class DefaultRSocketRequesterBuilder implements RSocketRequester.Builder {

  private static final Map<String, Object> HINTS = Collections.emptyMap();

  private static final byte[] EMPTY_BYTES = new byte[0];

  private @Nullable MimeType dataMimeType;

  private @Nullable MimeType metadataMimeType;

  private @Nullable Object setupData;

  private @Nullable String setupRoute;

  private Object @Nullable [] setupRouteVars;

  private @Nullable Map<Object, MimeType> setupMetadata;

  private @Nullable RSocketStrategies strategies;

  private final List<Consumer<RSocketStrategies.Builder>> strategiesConfigurers =
      new ArrayList<>();

  private final List<RSocketConnectorConfigurer> connectorConfigurers = new ArrayList<>();

  private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

  private @Nullable RSocketRequesterObservationConvention observationConvention;

  @Override
  public RSocketRequester.Builder dataMimeType(@Nullable MimeType mimeType) {
    this.dataMimeType = mimeType;
    return this;
  }

  @Override
  public RSocketRequester.Builder metadataMimeType(MimeType mimeType) {
    Assert.notNull(mimeType, "'metadataMimeType' is required");
    this.metadataMimeType = mimeType;
    return this;
  }

  @Override
  public RSocketRequester.Builder setupData(Object data) {
    this.setupData = data;
    return this;
  }

  @Override
  public RSocketRequester.Builder setupRoute(String route, Object... routeVars) {
    this.setupRoute = route;
    this.setupRouteVars = routeVars;
    return this;
  }

  @Override
  public RSocketRequester.Builder setupMetadata(Object metadata, @Nullable MimeType mimeType) {
    if (this.setupMetadata == null) {
      this.setupMetadata = new LinkedHashMap<>(4);
    }
    this.setupMetadata.put(metadata, mimeType);
    return this;
  }

  @Override
  public RSocketRequester.Builder rsocketStrategies(@Nullable RSocketStrategies strategies) {
    this.strategies = strategies;
    return this;
  }

  @Override
  public RSocketRequester.Builder rsocketStrategies(
      Consumer<RSocketStrategies.Builder> configurer) {
    this.strategiesConfigurers.add(configurer);
    return this;
  }

  @Override
  public RSocketRequester.Builder rsocketConnector(RSocketConnectorConfigurer configurer) {
    Assert.notNull(configurer, "'configurer' must not be null");
    this.connectorConfigurers.add(configurer);
    return this;
  }

  @Override
  public RSocketRequester.Builder observationRegistry(ObservationRegistry observationRegistry) {
    Assert.notNull(observationRegistry, "'observationRegistry' must not be null");
    this.observationRegistry = observationRegistry;
    return this;
  }

  @Override
  public RSocketRequester.Builder observationConvention(
      @Nullable RSocketRequesterObservationConvention observationConvention) {
    this.observationConvention = observationConvention;
    return this;
  }

  @Override
  public RSocketRequester.Builder apply(Consumer<RSocketRequester.Builder> configurer) {
    configurer.accept(this);
    return this;
  }

  @Override
  public RSocketRequester tcp(String host, int port) {
    return transport(TcpClientTransport.create(host, port));
  }

  @Override
  public RSocketRequester websocket(URI uri) {
    return transport(WebSocketClientTransport.create(uri));
  }

  @Override
  public RSocketRequester transport(ClientTransport transport) {
    Assert.notNull(transport, "'transport' must not be null");
    RSocketStrategies rsocketStrategies = getRSocketStrategies();
    MimeType metaMimeType = getMetadataMimeType();
    MimeType dataType = getDataMimeType(rsocketStrategies);

    RSocketConnector connector = initConnector(metaMimeType, dataType);
    RSocketClient client;
    if (!hasSetupPayload()) {
      client = connector.toClient(transport);
    } else if (hasAsyncSetupValues(rsocketStrategies)) {
      // resolved for every connection, as Spring's requester does
      client = connector.toClient(transport,
          getSetupPayload(dataType, metaMimeType, rsocketStrategies));
    } else {
      Payload setupPayload = resolveNow(getSetupPayload(dataType, metaMimeType, rsocketStrategies));
      client = connector.setupPayload(setupPayload).toClient(transport);
    }
    return new DefaultRSocketRequester(client, dataType, metaMimeType, rsocketStrategies,
        this.observationRegistry, this.observationConvention);
  }

  private MimeType getMetadataMimeType() {
    return this.metadataMimeType != null
        ? this.metadataMimeType : MetadataExtractor.COMPOSITE_METADATA;
  }

  private RSocketStrategies getRSocketStrategies() {
    RSocketStrategies result;
    if (!this.strategiesConfigurers.isEmpty()) {
      RSocketStrategies.Builder builder =
          this.strategies != null ? this.strategies.mutate() : RSocketStrategies.builder();
      this.strategiesConfigurers.forEach(configurer -> configurer.accept(builder));
      result = builder.build();
    } else {
      result = this.strategies != null ? this.strategies : RSocketStrategies.builder().build();
    }
    Assert.isTrue(!result.encoders().isEmpty(), "No encoders");
    Assert.isTrue(!result.decoders().isEmpty(), "No decoders");
    return result;
  }

  private MimeType getDataMimeType(RSocketStrategies strategies) {
    if (this.dataMimeType != null) {
      return this.dataMimeType;
    }
    // The first decoder that is not one of Spring's basic ones (for example JSON, CBOR, Protobuf)
    for (Decoder<?> candidate : strategies.decoders()) {
      if (!isCoreCodec(candidate) && !candidate.getDecodableMimeTypes().isEmpty()) {
        return getMimeType(candidate);
      }
    }
    // Else the first basic one (for example String)
    for (Decoder<?> decoder : strategies.decoders()) {
      if (!decoder.getDecodableMimeTypes().isEmpty()) {
        return getMimeType(decoder);
      }
    }
    throw new IllegalArgumentException("Failed to select data MimeType to use.");
  }

  private static boolean isCoreCodec(Object codec) {
    return codec.getClass().getPackage().equals(StringDecoder.class.getPackage());
  }

  private static MimeType getMimeType(Decoder<?> decoder) {
    MimeType mimeType = decoder.getDecodableMimeTypes().get(0);
    return mimeType.getParameters().isEmpty()
        ? mimeType : new MimeType(mimeType, Collections.emptyMap());
  }

  private boolean hasSetupPayload() {
    return this.setupData != null || this.setupRoute != null
        || !CollectionUtils.isEmpty(this.setupMetadata);
  }

  /** Whether the setup data or a setup metadata value is a reactive type. */
  private boolean hasAsyncSetupValues(RSocketStrategies strategies) {
    if (this.setupData != null && isReactive(this.setupData, strategies)) {
      return true;
    }
    if (this.setupMetadata != null) {
      for (Object value : this.setupMetadata.keySet()) {
        if (isReactive(value, strategies)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean isReactive(Object value, RSocketStrategies strategies) {
    return strategies.reactiveAdapterRegistry().getAdapter(value.getClass()) != null;
  }

  /**
   * The setup payload, built when subscribed (returns owned).
   */
  private Mono<Payload> getSetupPayload(
      MimeType dataType, MimeType metaMimeType, RSocketStrategies strategies) {
    Object data = this.setupData;
    boolean hasMetadata = this.setupRoute != null || !CollectionUtils.isEmpty(this.setupMetadata);

    Mono<DataBuffer> dataMono = Mono.empty();
    if (data != null) {
      ReactiveAdapter adapter = strategies.reactiveAdapterRegistry().getAdapter(data.getClass());
      Assert.isTrue(adapter == null || !adapter.isMultiValue(),
          () -> "Expected single value: " + data);
      Mono<?> mono = adapter != null ? Mono.from(adapter.toPublisher(data)) : Mono.just(data);
      dataMono = mono.map(value -> {
        ResolvableType type = ResolvableType.forClass(value.getClass());
        Encoder<Object> encoder = strategies.encoder(type, dataType);
        return encoder.encodeValue(value, strategies.dataBufferFactory(), type, dataType, HINTS);
      });
    }

    Mono<DataBuffer> metaMono = Mono.empty();
    if (hasMetadata) {
      Map<Object, MimeType> metadata = this.setupMetadata;
      String route = this.setupRoute;
      Object[] routeVars = this.setupRouteVars;
      metaMono = Mono.defer(() -> new MetadataEncoder(metaMimeType, strategies)
          .metadataAndOrRoute(metadata, route, routeVars)
          .encode());
    }

    Mono<DataBuffer> emptyBuffer =
        Mono.fromCallable(() -> strategies.dataBufferFactory().wrap(EMPTY_BYTES));

    return Mono.zip(dataMono.switchIfEmpty(emptyBuffer), metaMono.switchIfEmpty(emptyBuffer))
        .map(tuple -> PayloadUtils.createPayload(tuple.getT1(), tuple.getT2()))
        .doOnDiscard(DataBuffer.class, DataBufferUtils::release)
        .doOnDiscard(Payload.class, Payload::release);
  }

  /**
   * The value of {@code setupPayload}, which has only concrete values and so completes when
   * subscribed, without blocking (returns owned).
   *
   * @throws RuntimeException what encoding the setup values threw
   */
  private static Payload resolveNow(Mono<Payload> setupPayload) {
    CompletableFuture<Payload> future = setupPayload.toFuture();
    Assert.state(future.isDone(), "Setup payload did not resolve synchronously");
    Payload payload;
    try {
      payload = future.getNow(null);
    } catch (CompletionException ex) {
      throw ex.getCause() instanceof RuntimeException cause ? cause : ex;
    }
    Assert.state(payload != null, "Setup payload is empty");
    return payload;
  }

  private RSocketConnector initConnector(MimeType metaMimeType, MimeType dataType) {
    RSocketConnector connector = RSocketConnector.create();
    for (RSocketConnectorConfigurer configurer : this.connectorConfigurers) {
      RSocketConnector configured = configurer.configure(connector);
      Assert.state(configured != null,
          () -> "RSocketConnectorConfigurer " + configurer + " returned null");
      connector = configured;
    }
    return connector
        .metadataMimeType(metaMimeType.toString())
        .dataMimeType(dataType.toString());
  }
}

package dev.duplex.rsocket.messaging;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.springframework.util.MimeTypeUtils.TEXT_PLAIN;

import dev.duplex.rsocket.Closeable;
import dev.duplex.rsocket.Payload;
import dev.duplex.rsocket.RSocket;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.ResolvableType;
import org.springframework.core.codec.AbstractDataBufferDecoder;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.util.MimeType;
import reactor.adapter.JdkFlowAdapter;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

/**
 * Tests for {@link DefaultRSocketRequester}: Spring's {@code DefaultRSocketRequesterTests} on the
 * engine's {@link Payload}, plus buffer-release paths. Request buffers come from the default
 * (pooled Netty) strategies and every payload the test RSocket receives is released, so the
 * engine's leak extension fails the class if the requester leaks one.
 */
class DefaultRSocketRequesterTests {

  private static final Duration MILLIS_10 = Duration.ofMillis(10);

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private static final MimeType COMPOSITE = MetadataExtractor.COMPOSITE_METADATA;

  private final RSocketStrategies strategies = RSocketStrategies.create();

  private final RecordingRSocket rsocket = new RecordingRSocket();

  private final RSocketRequester requester =
      RSocketRequester.wrap(this.rsocket, TEXT_PLAIN, TEXT_PLAIN, this.strategies);

  @AfterEach
  void releasePayloads() {
    this.rsocket.releaseAll();
  }

  @Test
  void sendMono() {
    // data(Object)
    testSendMono(spec -> spec.data("bodyA"), "bodyA");
    testSendMono(spec -> spec.data(Mono.delay(MILLIS_10).map(l -> "bodyA")), "bodyA");
    testSendMono(spec -> spec.data(Mono.delay(MILLIS_10).then()), "");
    testSendMono(spec -> spec.data(delayedFuture("bodyA")), "bodyA");
    testSendMono(spec -> spec.data(CompletableFuture.completedFuture(null)), "");

    // data(Publisher<T>, Class<T>)
    testSendMono(spec -> spec.data(Mono.delay(MILLIS_10).map(l -> "bodyA"), String.class),
        "bodyA");
    testSendMono(spec -> spec.data(Mono.delay(MILLIS_10).map(l -> "bodyA"), Object.class),
        "bodyA");
    testSendMono(spec -> spec.data(Mono.delay(MILLIS_10).then(), Void.class), "");
  }

  private void testSendMono(Function<RSocketRequester.RequestSpec,
      RSocketRequester.RetrieveSpec> mapper, String expectedValue) {
    mapper.apply(this.requester.route("toA")).send().block(TIMEOUT);

    assertThat(this.rsocket.savedMethodName()).isEqualTo("fireAndForget");
    assertThat(this.rsocket.savedPayload().metadataUtf8()).isEqualTo("toA");
    assertThat(this.rsocket.savedPayload().dataUtf8()).isEqualTo(expectedValue);
  }

  @Test
  void sendFlux() {
    String[] values = new String[] {"bodyA", "bodyB", "bodyC"};
    Flux<String> stringFlux = Flux.fromArray(values).delayElements(MILLIS_10);

    // data(Object)
    testSendFlux(spec -> spec.data(stringFlux), values);
    testSendFlux(spec -> spec.data(Flux.empty()), "");
    testSendFlux(spec -> spec.data(JdkFlowAdapter.publisherToFlowPublisher(stringFlux)), values);
    testSendFlux(spec -> spec.data(JdkFlowAdapter.publisherToFlowPublisher(Flux.empty())), "");

    // data(Publisher<T>, Class<T>)
    testSendFlux(spec -> spec.data(stringFlux, String.class), values);
    testSendFlux(spec -> spec.data(stringFlux.cast(Object.class), Object.class), values);
  }

  private void testSendFlux(Function<RSocketRequester.RequestSpec,
      RSocketRequester.RetrieveSpec> mapper, String... expectedValues) {
    this.rsocket.reset();
    mapper.apply(this.requester.route("toA")).retrieveFlux(String.class).blockLast(TIMEOUT);

    assertThat(this.rsocket.savedMethodName()).isEqualTo("requestChannel");
    List<Payload> payloads = this.rsocket.savedPayloadFlux().collectList().block(TIMEOUT);
    assertThat(payloads).isNotNull();

    if (Arrays.equals(new String[] {""}, expectedValues)) {
      assertThat(payloads).hasSize(1);
      assertThat(payloads.get(0).metadataUtf8()).isEqualTo("toA");
      assertThat(payloads.get(0).dataUtf8()).isEmpty();
    } else {
      assertThat(payloads.stream().map(Payload::metadataUtf8).toArray(String[]::new))
          .isEqualTo(new String[] {"toA", null, null});
      assertThat(payloads.stream().map(Payload::dataUtf8).toArray(String[]::new))
          .isEqualTo(expectedValues);
    }
  }

  @Test
  void sendWithoutData() {
    this.requester.route("toA").send().block(TIMEOUT);

    assertThat(this.rsocket.savedMethodName()).isEqualTo("fireAndForget");
    assertThat(this.rsocket.savedPayload().metadataUtf8()).isEqualTo("toA");
    assertThat(this.rsocket.savedPayload().dataUtf8()).isEmpty();
  }

  @Test
  void sendWithAsyncMetadata() {
    Mono<String> asyncMeta1 = Mono.delay(Duration.ofMillis(1)).map(l -> "Async Metadata 1");
    Mono<String> asyncMeta2 = Mono.delay(Duration.ofMillis(1)).map(l -> "Async Metadata 2");

    RecordingRSocket compositeRSocket = new RecordingRSocket();
    try {
      RSocketRequester.wrap(compositeRSocket, TEXT_PLAIN, COMPOSITE, this.strategies)
          .route("toA")
          .metadata(asyncMeta1, new MimeType("text", "x.test.metadata1"))
          .metadata(asyncMeta2, new MimeType("text", "x.test.metadata2"))
          .data("data")
          .send()
          .block(TIMEOUT);

      Payload payload = compositeRSocket.savedPayload();

      DefaultMetadataExtractor extractor =
          new DefaultMetadataExtractor(this.strategies.decoders());
      extractor.metadataToExtract(new MimeType("text", "x.test.metadata1"), String.class,
          "asyncMeta1");
      extractor.metadataToExtract(new MimeType("text", "x.test.metadata2"), String.class,
          "asyncMeta2");
      Map<String, Object> metadataValues = extractor.extract(payload, COMPOSITE);

      assertThat(metadataValues).containsEntry(MetadataExtractor.ROUTE_KEY, "toA");
      assertThat(metadataValues.get("asyncMeta1")).isEqualTo("Async Metadata 1");
      assertThat(metadataValues.get("asyncMeta2")).isEqualTo("Async Metadata 2");
      assertThat(payload.dataUtf8()).isEqualTo("data");
    } finally {
      compositeRSocket.releaseAll();
    }
  }

  @Test
  void sendMetadata() {
    this.requester.metadata("someMetadata", null).sendMetadata().block(TIMEOUT);

    assertThat(this.rsocket.savedMethodName()).isEqualTo("metadataPush");
    assertThat(this.rsocket.savedPayload().metadataUtf8()).isEqualTo("someMetadata");
    assertThat(this.rsocket.savedPayload().dataUtf8()).isEmpty();
  }

  @Test
  void routeVariablesAreExpandedAndEscaped() {
    this.requester.route("flight.{code}.{day}", "LH.123", 5).send().block(TIMEOUT);

    assertThat(this.rsocket.savedPayload().metadataUtf8()).isEqualTo("flight.LH%2E123.5");
  }

  @Test
  void retrieveMono() {
    String value = "bodyA";
    this.rsocket.setPayloadMonoToReturn(Mono.delay(MILLIS_10).map(l -> toPayload(value)));
    Mono<String> response = this.requester.route("").data("").retrieveMono(String.class);

    StepVerifier.create(response).expectNext(value).expectComplete().verify(TIMEOUT);
    assertThat(this.rsocket.savedMethodName()).isEqualTo("requestResponse");
  }

  @Test
  void retrieveMonoWithParameterizedTypeReference() {
    this.rsocket.setPayloadMonoToReturn(Mono.fromSupplier(() -> toPayload("bodyA")));
    Mono<byte[]> response = this.requester.route("toA")
        .retrieveMono(new ParameterizedTypeReference<byte[]>() { });

    StepVerifier.create(response)
        .assertNext(bytes -> assertThat(new String(bytes, UTF_8)).isEqualTo("bodyA"))
        .expectComplete()
        .verify(TIMEOUT);
  }

  @Test
  void retrieveMonoVoid() {
    AtomicBoolean consumed = new AtomicBoolean();
    List<Payload> responses = new CopyOnWriteArrayList<>();
    Mono<Payload> mono = Mono.delay(MILLIS_10).map(l -> toPayload("bodyA"))
        .doOnNext(responses::add)
        .doOnSuccess(p -> consumed.set(true));
    this.rsocket.setPayloadMonoToReturn(mono);
    this.requester.route("").data("").retrieveMono(Void.class).block(TIMEOUT);

    assertThat(consumed.get()).isTrue();
    assertThat(this.rsocket.savedMethodName()).isEqualTo("requestResponse");
    assertThat(responses).singleElement().satisfies(p -> assertThat(p.refCnt()).isZero());
  }

  @Test
  void retrieveMonoWithoutData() {
    this.requester.route("toA").retrieveMono(String.class).block(TIMEOUT);

    assertThat(this.rsocket.savedMethodName()).isEqualTo("requestResponse");
    assertThat(this.rsocket.savedPayload().metadataUtf8()).isEqualTo("toA");
    assertThat(this.rsocket.savedPayload().dataUtf8()).isEmpty();
  }

  @Test
  void retrieveFlux() {
    String[] values = new String[] {"bodyA", "bodyB", "bodyC"};
    this.rsocket.setPayloadFluxToReturn(
        Flux.fromArray(values).delayElements(MILLIS_10).map(this::toPayload));
    Flux<String> response = this.requester.route("").data("").retrieveFlux(String.class);

    StepVerifier.create(response).expectNext(values).expectComplete().verify(TIMEOUT);
    assertThat(this.rsocket.savedMethodName()).isEqualTo("requestStream");
  }

  @Test
  void retrieveFluxVoid() {
    AtomicBoolean consumed = new AtomicBoolean();
    List<Payload> responses = new CopyOnWriteArrayList<>();
    Flux<Payload> flux = Flux.just("bodyA", "bodyB")
        .delayElements(MILLIS_10).map(this::toPayload)
        .doOnNext(responses::add)
        .doOnComplete(() -> consumed.set(true));
    this.rsocket.setPayloadFluxToReturn(flux);
    this.requester.route("").data("").retrieveFlux(Void.class).blockLast(TIMEOUT);

    assertThat(consumed.get()).isTrue();
    assertThat(this.rsocket.savedMethodName()).isEqualTo("requestStream");
    assertThat(responses).hasSize(2).allSatisfy(p -> assertThat(p.refCnt()).isZero());
  }

  @Test
  void retrieveFluxWithoutData() {
    this.requester.route("toA").retrieveFlux(String.class).blockLast(TIMEOUT);

    assertThat(this.rsocket.savedMethodName()).isEqualTo("requestStream");
    assertThat(this.rsocket.savedPayload().metadataUtf8()).isEqualTo("toA");
    assertThat(this.rsocket.savedPayload().dataUtf8()).isEmpty();
  }

  @Test
  void retrieveFluxOverChannel() {
    this.rsocket.echoChannel();
    Flux<String> response = this.requester.route("toA")
        .data(Flux.just("a", "b", "c"))
        .retrieveFlux(String.class);

    StepVerifier.create(response).expectNext("a", "b", "c").expectComplete().verify(TIMEOUT);
    assertThat(this.rsocket.savedMethodName()).isEqualTo("requestChannel");
  }

  @Test
  void fluxToMonoIsRejected() {
    assertThatIllegalStateException()
        .isThrownBy(() -> this.requester.route("").data(Flux.just("a", "b"))
            .retrieveMono(String.class))
        .withMessage("No RSocket interaction with Flux request and Mono response.");
  }

  @Test
  void fluxToSendIsRejected() {
    assertThatIllegalStateException()
        .isThrownBy(() -> this.requester.route("").data(Flux.just("a", "b")).send())
        .withMessage("No RSocket interaction with Flux request and Mono response.");
  }

  @Test
  void producerOfUnknownTypeIsRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> this.requester.route("").data("value", String.class))
        .withMessage("'producer' type is unknown to ReactiveAdapterRegistry: java.lang.String");
  }

  @Test
  void secondMetadataEntryWithoutCompositeMetadataIsRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> this.requester.route("toA").metadata("more", TEXT_PLAIN))
        .withMessage("Composite metadata required for multiple metadata entries.");
  }

  @Test
  void metadataConsumerAddsEntries() {
    RecordingRSocket compositeRSocket = new RecordingRSocket();
    try {
      MimeType entryType = new MimeType("text", "x.test.entry");
      RSocketRequester.wrap(compositeRSocket, TEXT_PLAIN, COMPOSITE, this.strategies)
          .route("toA")
          .metadata(spec -> spec.metadata("entry value", entryType))
          .send()
          .block(TIMEOUT);

      DefaultMetadataExtractor extractor =
          new DefaultMetadataExtractor(this.strategies.decoders());
      extractor.metadataToExtract(entryType, String.class, "entry");
      Map<String, Object> values =
          extractor.extract(compositeRSocket.savedPayload(), COMPOSITE);
      assertThat(values).containsEntry("route", "toA").containsEntry("entry", "entry value");
    } finally {
      compositeRSocket.releaseAll();
    }
  }

  @Test
  void dataEncodingErrorReleasesEncodedMetadata() {
    RecordingRSocket compositeRSocket = new RecordingRSocket();
    Mono<Void> send = RSocketRequester.wrap(compositeRSocket, TEXT_PLAIN, COMPOSITE,
            this.strategies)
        .route("toA")
        .metadata(Mono.just("entry"), new MimeType("text", "x.test.entry"))
        .data(Mono.delay(MILLIS_10).map(l -> new Object()))
        .send();

    StepVerifier.create(send)
        .expectErrorMessage("No encoder for java.lang.Object")
        .verify(TIMEOUT);
    assertThat(compositeRSocket.savedMethodName()).isNull();
  }

  @Test
  void metadataErrorReleasesEncodedData() {
    RecordingRSocket compositeRSocket = new RecordingRSocket();
    Mono<Void> send = RSocketRequester.wrap(compositeRSocket, TEXT_PLAIN, COMPOSITE,
            this.strategies)
        .route("toA")
        .metadata(Mono.delay(MILLIS_10).then(Mono.error(new IllegalStateException("boom"))),
            new MimeType("text", "x.test.entry"))
        .data("data")
        .send();

    StepVerifier.create(send).expectErrorMessage("boom").verify(TIMEOUT);
    assertThat(compositeRSocket.savedMethodName()).isNull();
  }

  @Test
  void channelMetadataErrorDoesNotSubscribeToData() {
    RecordingRSocket compositeRSocket = new RecordingRSocket();
    compositeRSocket.echoChannel();
    AtomicBoolean dataSubscribed = new AtomicBoolean();
    Flux<String> response = RSocketRequester.wrap(compositeRSocket, TEXT_PLAIN, COMPOSITE,
            this.strategies)
        .route("toA")
        .metadata(Mono.error(new IllegalStateException("boom")), TEXT_PLAIN)
        .data(Flux.just("a", "b").doOnSubscribe(s -> dataSubscribed.set(true)))
        .retrieveFlux(String.class);

    StepVerifier.create(response).expectErrorMessage("boom").verify(TIMEOUT);
    assertThat(dataSubscribed).isFalse();
  }

  @Test
  void channelDataErrorAfterFirstValueReleasesEverything() {
    this.rsocket.echoChannel();
    Flux<String> data = Flux.concat(Flux.just("a"),
        Mono.delay(MILLIS_10).then(Mono.error(new IllegalStateException("boom"))));

    StepVerifier.create(this.requester.route("toA").data(data).retrieveFlux(String.class))
        .expectNext("a")
        .expectErrorMessage("boom")
        .verify(TIMEOUT);
  }

  @Test
  void channelCancelledBeforeFirstValueReleasesMetadata() {
    this.rsocket.echoChannel();
    Sinks.Many<String> data = Sinks.many().unicast().onBackpressureBuffer();
    AtomicBoolean subscribed = new AtomicBoolean();
    AtomicBoolean cancelled = new AtomicBoolean();

    Disposable request = this.requester.route("toA")
        .data(data.asFlux()
            .doOnSubscribe(s -> subscribed.set(true))
            .doOnCancel(() -> cancelled.set(true)))
        .retrieveFlux(String.class)
        .subscribe();
    assertThat(subscribed).isTrue();

    request.dispose();
    assertThat(cancelled).isTrue();
  }

  @Test
  void streamCancelledReleasesUndeliveredResponses() {
    List<Payload> responses = new CopyOnWriteArrayList<>();
    this.rsocket.setPayloadFluxToReturn(Flux.range(0, 100)
        .map(i -> toPayload("item" + i))
        .doOnNext(responses::add));

    StepVerifier.create(this.requester.route("toA").retrieveFlux(String.class).take(2))
        .expectNext("item0", "item1")
        .expectComplete()
        .verify(TIMEOUT);
    assertThat(responses).allSatisfy(p -> assertThat(p.refCnt()).isZero());
  }

  @Test
  void decodingErrorReleasesResponse() {
    AtomicInteger decoded = new AtomicInteger();
    RSocketStrategies failing = RSocketStrategies.builder()
        .decoders(decoders -> decoders.add(0, new FailingStringDecoder(decoded)))
        .build();
    RecordingRSocket responder = new RecordingRSocket();
    List<Payload> responses = new CopyOnWriteArrayList<>();
    responder.setPayloadMonoToReturn(Mono.fromSupplier(() -> toPayload("bodyA"))
        .doOnNext(responses::add));
    try {
      Mono<String> response = RSocketRequester.wrap(responder, TEXT_PLAIN, TEXT_PLAIN, failing)
          .route("toA")
          .retrieveMono(String.class);

      StepVerifier.create(response).expectError(DecodingException.class).verify(TIMEOUT);
      assertThat(decoded).hasValue(1);
      assertThat(responses).singleElement().satisfies(p -> assertThat(p.refCnt()).isZero());
    } finally {
      responder.releaseAll();
    }
  }

  @Test
  void copyingBufferFactoryWorks() {
    RSocketStrategies heap = RSocketStrategies.builder()
        .dataBufferFactory(DefaultDataBufferFactory.sharedInstance)
        .build();
    RecordingRSocket responder = new RecordingRSocket();
    responder.setPayloadMonoToReturn(Mono.fromSupplier(() -> toPayload("bodyA")));
    try {
      String response = RSocketRequester.wrap(responder, TEXT_PLAIN, TEXT_PLAIN, heap)
          .route("toA")
          .data("data")
          .retrieveMono(String.class)
          .block(TIMEOUT);

      assertThat(response).isEqualTo("bodyA");
      assertThat(responder.savedPayload().metadataUtf8()).isEqualTo("toA");
      assertThat(responder.savedPayload().dataUtf8()).isEqualTo("data");
    } finally {
      responder.releaseAll();
    }
  }

  @Test
  void wrappedRequester() {
    assertThat(this.requester.rsocket()).isSameAs(this.rsocket);
    assertThat(this.requester.rsocketClient()).isNull();
    assertThat(this.requester.dataMimeType()).isEqualTo(TEXT_PLAIN);
    assertThat(this.requester.metadataMimeType()).isEqualTo(TEXT_PLAIN);
    assertThat(this.requester.strategies()).isSameAs(this.strategies);
    assertThat(this.requester.isDisposed()).isFalse();
    this.requester.dispose(); // not Disposable: nothing to do
    assertThat(this.requester.isDisposed()).isFalse();
  }

  @Test
  void disposeClosesWrappedDisposableRSocket() {
    ClosingRSocket closing = new ClosingRSocket();
    RSocketRequester wrapped = RSocketRequester.wrap(closing, TEXT_PLAIN, TEXT_PLAIN,
        this.strategies);

    assertThat(wrapped.isDisposed()).isFalse();
    wrapped.dispose();
    assertThat(wrapped.isDisposed()).isTrue();
    assertThat(closing.isDisposed()).isTrue();
  }

  @Test
  void wrapRequiresItsArguments() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RSocketRequester.wrap(this.rsocket, TEXT_PLAIN, TEXT_PLAIN, null))
        .withMessage("RSocketStrategies is required");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RSocketRequester.wrap(this.rsocket, null, TEXT_PLAIN, this.strategies))
        .withMessage("'dataMimeType' is required");
  }

  private static CompletableFuture<String> delayedFuture(String value) {
    return CompletableFuture.supplyAsync(() -> value,
        CompletableFuture.delayedExecutor(10, TimeUnit.MILLISECONDS));
  }

  /** A payload on a pooled buffer, so that a leak of it fails the class. */
  private Payload toPayload(String value) {
    ByteBuf data = PooledByteBufAllocator.DEFAULT.buffer();
    ByteBufUtil.writeUtf8(data, value);
    return Payload.create(data);
  }

  /**
   * An {@link RSocket} that saves the name of the invoked method and the input payload(s), and
   * answers with canned responses. It owns what it receives: {@link #releaseAll()} releases it.
   */
  static final class RecordingRSocket implements RSocket {

    private Mono<Payload> payloadMonoToReturn = Mono.empty();

    private Flux<Payload> payloadFluxToReturn = Flux.empty();

    private boolean echoChannel;

    private final List<Payload> received = new CopyOnWriteArrayList<>();

    private volatile @Nullable String savedMethodName;

    private volatile @Nullable Payload savedPayload;

    private volatile @Nullable Flux<Payload> savedPayloadFlux;

    void setPayloadMonoToReturn(Mono<Payload> payloadMonoToReturn) {
      this.payloadMonoToReturn = payloadMonoToReturn;
    }

    void setPayloadFluxToReturn(Flux<Payload> payloadFluxToReturn) {
      this.payloadFluxToReturn = payloadFluxToReturn;
    }

    /** Answers a channel by echoing the data of each payload it receives. */
    void echoChannel() {
      this.echoChannel = true;
    }

    @Nullable String savedMethodName() {
      return this.savedMethodName;
    }

    Payload savedPayload() {
      Payload payload = this.savedPayload;
      assertThat(payload).as("saved payload").isNotNull();
      return payload;
    }

    Flux<Payload> savedPayloadFlux() {
      Flux<Payload> flux = this.savedPayloadFlux;
      assertThat(flux).as("saved payload flux").isNotNull();
      return flux;
    }

    void reset() {
      this.savedMethodName = null;
      this.savedPayload = null;
      this.savedPayloadFlux = null;
    }

    void releaseAll() {
      this.received.forEach(payload -> {
        if (payload.refCnt() > 0) {
          payload.release();
        }
      });
      this.received.clear();
    }

    private void save(String methodName, Payload payload) {
      this.received.add(payload);
      this.savedMethodName = methodName;
      this.savedPayload = payload;
    }

    @Override
    public Mono<Void> fireAndForget(Payload payload) {
      save("fireAndForget", payload);
      return Mono.empty();
    }

    @Override
    public Mono<Payload> requestResponse(Payload payload) {
      save("requestResponse", payload);
      return this.payloadMonoToReturn;
    }

    @Override
    public Flux<Payload> requestStream(Payload payload) {
      save("requestStream", payload);
      return this.payloadFluxToReturn;
    }

    @Override
    public Flux<Payload> requestChannel(Publisher<Payload> payloads) {
      this.savedMethodName = "requestChannel";
      if (this.echoChannel) {
        return Flux.from(payloads).map(payload -> {
          try {
            return Payload.create(payload.data().retain());
          } finally {
            payload.release();
          }
        });
      }
      this.savedPayloadFlux = Flux.from(payloads).doOnNext(this.received::add);
      return this.payloadFluxToReturn;
    }

    @Override
    public Mono<Void> metadataPush(Payload payload) {
      save("metadataPush", payload);
      return Mono.empty();
    }
  }

  /** A {@code Disposable} RSocket, as a responder's connection is. */
  static final class ClosingRSocket implements RSocket, Closeable {

    private final Sinks.Empty<Void> closed = Sinks.empty();

    private volatile boolean disposed;

    @Override
    public Mono<Void> onClose() {
      return this.closed.asMono();
    }

    @Override
    public void dispose() {
      this.disposed = true;
      this.closed.tryEmitEmpty();
    }

    @Override
    public boolean isDisposed() {
      return this.disposed;
    }
  }

  /** Decodes strings by failing, releasing the buffer as Spring's decoders do. */
  static final class FailingStringDecoder
      extends AbstractDataBufferDecoder<String> {

    private final AtomicInteger decoded;

    FailingStringDecoder(AtomicInteger decoded) {
      super(TEXT_PLAIN);
      this.decoded = decoded;
    }

    @Override
    public boolean canDecode(ResolvableType elementType,
        @Nullable MimeType mimeType) {
      return String.class.equals(elementType.toClass()) && super.canDecode(elementType, mimeType);
    }

    @Override
    public String decode(DataBuffer buffer,
        ResolvableType targetType, @Nullable MimeType mimeType,
        @Nullable Map<String, Object> hints) {
      this.decoded.incrementAndGet();
      DataBufferUtils.release(buffer);
      throw new DecodingException("cannot decode");
    }
  }
}

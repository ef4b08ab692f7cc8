package dev.duplex.rsocket.messaging.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.springframework.util.MimeTypeUtils.TEXT_PLAIN;

import dev.duplex.rsocket.Payload;
import dev.duplex.rsocket.RSocket;
import dev.duplex.rsocket.frame.metadata.CompositeMetadata;
import dev.duplex.rsocket.frame.metadata.WellKnownMimeType;
import dev.duplex.rsocket.messaging.RSocketRequester;
import dev.duplex.rsocket.messaging.RSocketStrategies;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import org.springframework.messaging.handler.annotation.DestinationVariable;
import org.springframework.messaging.rsocket.service.RSocketExchange;
import org.springframework.util.MimeType;
import org.springframework.util.MimeTypeUtils;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Tests for {@link RSocketServiceMethod}: a client from {@link RSocketServiceProxyFactory} over a
 * requester that {@linkplain RSocketRequester#wrap wraps} a recording {@link RSocket}. Ports
 * Spring's {@code RSocketServiceMethodTests} and adds the blocking return types, routes, metadata
 * and error cases. The recording RSocket copies what it receives and releases each payload at
 * once.
 */
class RSocketServiceMethodTests {

  private static final MimeType COMPOSITE = MimeTypeUtils.parseMimeType(
      WellKnownMimeType.MESSAGE_RSOCKET_COMPOSITE_METADATA.string());

  private CapturingRSocket rsocket;

  private RSocketRequester requester;

  private RSocketServiceProxyFactory proxyFactory;

  @BeforeEach
  void setUp() {
    this.rsocket = new CapturingRSocket();
    this.requester = RSocketRequester.wrap(this.rsocket, TEXT_PLAIN, TEXT_PLAIN,
        RSocketStrategies.create());
    this.proxyFactory = RSocketServiceProxyFactory.builder(this.requester).build();
  }

  @Test
  void fireAndForget() {
    ReactorService service = this.proxyFactory.createClient(ReactorService.class);

    service.fireAndForget(Mono.just("p1")).block(Duration.ofSeconds(5));

    assertThat(this.rsocket.methodName).isEqualTo("fireAndForget");
    assertThat(this.rsocket.metadata).isEqualTo("ff");
    assertThat(this.rsocket.data).containsExactly("p1");
  }

  @Test
  void requestResponse() {
    ReactorService service = this.proxyFactory.createClient(ReactorService.class);
    this.rsocket.monoToReturn = Mono.fromSupplier(() -> Payload.create("p2"));

    String response = service.requestResponse(Mono.just("p1")).block(Duration.ofSeconds(5));

    assertThat(response).isEqualTo("p2");
    assertThat(this.rsocket.methodName).isEqualTo("requestResponse");
    assertThat(this.rsocket.metadata).isEqualTo("rr");
    assertThat(this.rsocket.data).containsExactly("p1");
  }

  @Test
  void requestStream() {
    ReactorService service = this.proxyFactory.createClient(ReactorService.class);
    this.rsocket.fluxToReturn =
        Flux.defer(() -> Flux.just(Payload.create("p2"), Payload.create("p3")));

    List<String> response = service.requestStream(Mono.just("p1"))
        .collectList()
        .block(Duration.ofSeconds(5));

    assertThat(response).containsExactly("p2", "p3");
    assertThat(this.rsocket.methodName).isEqualTo("requestStream");
    assertThat(this.rsocket.metadata).isEqualTo("rs");
    assertThat(this.rsocket.data).containsExactly("p1");
  }

  @Test
  void requestChannel() {
    ReactorService service = this.proxyFactory.createClient(ReactorService.class);
    this.rsocket.fluxToReturn =
        Flux.defer(() -> Flux.just(Payload.create("p3"), Payload.create("p4")));

    List<String> response = service.requestChannel(Flux.just("p1", "p2"))
        .collectList()
        .block(Duration.ofSeconds(5));

    assertThat(response).containsExactly("p3", "p4");
    assertThat(this.rsocket.methodName).isEqualTo("requestChannel");
    assertThat(this.rsocket.metadata).isEqualTo("rc");
    assertThat(this.rsocket.data).containsExactly("p1", "p2");
  }

  @Test
  void otherAsyncTypesAreAdapted() {
    ReactorService service = this.proxyFactory.createClient(ReactorService.class);
    this.rsocket.monoToReturn = Mono.fromSupplier(() -> Payload.create("p2"));

    CompletableFuture<String> response = service.requestResponseFuture("p1");

    assertThat(response).succeedsWithin(Duration.ofSeconds(5)).isEqualTo("p2");
    assertThat(this.rsocket.methodName).isEqualTo("requestResponse");
    assertThat(this.rsocket.metadata).isEqualTo("rr-future");
  }

  @Test
  void metadataPushWhenNoPayload() {
    ReactorService service = this.proxyFactory.createClient(ReactorService.class);

    service.metadataPush().block(Duration.ofSeconds(5));

    assertThat(this.rsocket.methodName).isEqualTo("metadataPush");
    assertThat(this.rsocket.metadata).isEqualTo("push");
  }

  @Test
  void blockingRequestResponse() {
    BlockingService service = this.proxyFactory.createClient(BlockingService.class);
    this.rsocket.monoToReturn = Mono.fromSupplier(() -> Payload.create("p2"));

    String response = service.requestResponse("p1");

    assertThat(response).isEqualTo("p2");
    assertThat(this.rsocket.methodName).isEqualTo("requestResponse");
    assertThat(this.rsocket.metadata).isEqualTo("rr");
    assertThat(this.rsocket.data).containsExactly("p1");
  }

  @Test
  void blockingRequestResponseWithEmptyResponseReturnsNull() {
    BlockingService service = this.proxyFactory.createClient(BlockingService.class);

    assertThat(service.requestResponse("p1")).isNull();
  }

  @Test
  void blockingOptional() {
    BlockingService service = this.proxyFactory.createClient(BlockingService.class);

    assertThat(service.requestResponseOptional("p1")).isEmpty();

    this.rsocket.monoToReturn = Mono.fromSupplier(() -> Payload.create("p2"));
    assertThat(service.requestResponseOptional("p1")).contains("p2");
    assertThat(this.rsocket.metadata).isEqualTo("rr-optional");
  }

  @Test
  void blockingFireAndForget() {
    BlockingService service = this.proxyFactory.createClient(BlockingService.class);

    service.fireAndForget("p1");

    assertThat(this.rsocket.methodName).isEqualTo("fireAndForget");
    assertThat(this.rsocket.metadata).isEqualTo("ff");
    assertThat(this.rsocket.data).containsExactly("p1");
  }

  @Test
  void blockingMetadataPush() {
    BlockingService service = this.proxyFactory.createClient(BlockingService.class);

    service.metadataPush();

    assertThat(this.rsocket.methodName).isEqualTo("metadataPush");
    assertThat(this.rsocket.metadata).isEqualTo("push");
  }

  @Test
  void blockTimeout() {
    RSocketServiceProxyFactory factory = RSocketServiceProxyFactory.builder(this.requester)
        .blockTimeout(Duration.ofMillis(50))
        .build();
    BlockingService service = factory.createClient(BlockingService.class);
    this.rsocket.monoToReturn = Mono.never();

    assertThatIllegalStateException()
        .isThrownBy(() -> service.requestResponse("p1"))
        .withMessageContaining("Timeout on blocking read for 50");
    assertThatIllegalStateException()
        .isThrownBy(() -> service.requestResponseOptional("p1"))
        .withMessageContaining("Timeout on blocking read for 50");
  }

  @Test
  void typeAndMethodRoutesAreCombined() {
    RoutedService service = this.proxyFactory.createClient(RoutedService.class);

    service.combined("p1").block(Duration.ofSeconds(5));
    assertThat(this.rsocket.metadata).isEqualTo("radar.combined");

    service.typeRouteOnly("p1").block(Duration.ofSeconds(5));
    assertThat(this.rsocket.metadata).isEqualTo("radar");
  }

  @Test
  void routeVariables() {
    RoutedService service = this.proxyFactory.createClient(RoutedService.class);

    service.withVariables("a", List.of("b", "c"), "p1").block(Duration.ofSeconds(5));

    assertThat(this.rsocket.metadata).isEqualTo("radar.a.b.c");
    assertThat(this.rsocket.data).containsExactly("p1");
  }

  @Test
  void embeddedValueResolver() {
    RSocketServiceProxyFactory factory = RSocketServiceProxyFactory.builder(this.requester)
        .embeddedValueResolver(value -> value.replace("${prefix}", "resolved"))
        .build();
    PlaceholderService service = factory.createClient(PlaceholderService.class);

    service.execute("p1").block(Duration.ofSeconds(5));

    assertThat(this.rsocket.metadata).isEqualTo("resolved.route");
  }

  @Test
  void metadataEntriesWithRoute() {
    RSocketRequester composite =
        RSocketRequester.wrap(this.rsocket, TEXT_PLAIN, COMPOSITE, RSocketStrategies.create());
    MetadataService service =
        RSocketServiceProxyFactory.builder(composite).build().createClient(MetadataService.class);

    service.withRoute("m1", MimeTypeUtils.parseMimeType("text/x.a"), "p1")
        .block(Duration.ofSeconds(5));

    assertThat(this.rsocket.compositeEntries).containsExactly(
        "message/x.rsocket.routing.v0=route", "text/x.a=m1");
    assertThat(this.rsocket.data).containsExactly("p1");
  }

  @Test
  void metadataEntriesWithoutRoute() {
    RSocketRequester composite =
        RSocketRequester.wrap(this.rsocket, TEXT_PLAIN, COMPOSITE, RSocketStrategies.create());
    MetadataService service =
        RSocketServiceProxyFactory.builder(composite).build().createClient(MetadataService.class);

    service.withoutRoute("m1", MimeTypeUtils.parseMimeType("text/x.a"),
        "m2", MimeTypeUtils.parseMimeType("text/x.b")).block(Duration.ofSeconds(5));

    assertThat(this.rsocket.methodName).isEqualTo("metadataPush");
    assertThat(this.rsocket.compositeEntries).containsExactly("text/x.a=m1", "text/x.b=m2");
  }

  @Test
  void neitherRouteNorMetadata() {
    MetadataService service = this.proxyFactory.createClient(MetadataService.class);

    assertThatIllegalArgumentException()
        .isThrownBy(() -> service.noRoute("p1"))
        .withMessage("Neither route nor metadata provided");
  }

  @Test
  void missingPayload() {
    BlockingService service = this.proxyFactory.createClient(BlockingService.class);

    assertThatIllegalArgumentException()
        .isThrownBy(() -> service.fireAndForget(nullString()))
        .withMessage("Missing payload");
    assertThat(this.rsocket.methodName).isNull();
  }

  @Test
  void nullableNullPayloadIsNoPayload() {
    BlockingService service = this.proxyFactory.createClient(BlockingService.class);

    assertThat(service.requestResponse(null)).isNull();

    assertThat(this.rsocket.methodName).isEqualTo("requestResponse");
    assertThat(this.rsocket.data).containsExactly("");
  }

  @SuppressWarnings("NullAway")
  private static String nullString() {
    return null;
  }

  @Test
  void defaultMethodRunsAsWritten() {
    BlockingService service = this.proxyFactory.createClient(BlockingService.class);
    this.rsocket.monoToReturn = Mono.fromSupplier(() -> Payload.create("p2"));

    assertThat(service.shout("p1")).isEqualTo("P2");
    assertThat(this.rsocket.data).containsExactly("p1");
  }

  @Test
  void methodWithoutExchangeAnnotationIsRejected() {
    BlockingService service = this.proxyFactory.createClient(BlockingService.class);

    assertThatIllegalStateException()
        .isThrownBy(service::notAnExchange)
        .withMessageStartingWith("Unexpected method invocation: ");
  }

  @Test
  void objectMethods() {
    BlockingService service = this.proxyFactory.createClient(BlockingService.class);

    assertThat(service).isEqualTo(service);
    assertThat(service).isNotEqualTo(this.proxyFactory.createClient(BlockingService.class));
    assertThat(service.hashCode()).isEqualTo(System.identityHashCode(service));
    assertThat(service.toString()).contains(BlockingService.class.getName());
    assertThat(this.rsocket.methodName).isNull();
  }

  @Test
  void requesterIsRequired() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RSocketServiceProxyFactory.builder().build())
        .withMessage("RSocketRequester is required");
  }

  @Test
  void customArgumentResolverGoesFirst() {
    RSocketServiceProxyFactory factory = RSocketServiceProxyFactory.builder(this.requester)
        .customArgumentResolver((argument, parameter, values) -> {
          values.setRoute("custom." + argument);
          return true;
        })
        .build();
    ReactorService service = factory.createClient(ReactorService.class);

    service.fireAndForget(Mono.just("ignored")).block(Duration.ofSeconds(5));

    assertThat(this.rsocket.methodName).isEqualTo("metadataPush");
    assertThat(this.rsocket.metadata).startsWith("custom.");
  }

  private interface ReactorService {

    @RSocketExchange("ff")
    Mono<Void> fireAndForget(@org.springframework.messaging.handler.annotation.Payload
        Mono<String> input);

    @RSocketExchange("rr")
    Mono<String> requestResponse(@org.springframework.messaging.handler.annotation.Payload
        Mono<String> input);

    @RSocketExchange("rs")
    Flux<String> requestStream(@org.springframework.messaging.handler.annotation.Payload
        Mono<String> input);

    @RSocketExchange("rc")
    Flux<String> requestChannel(@org.springframework.messaging.handler.annotation.Payload
        Flux<String> input);

    @RSocketExchange("rr-future")
    CompletableFuture<String> requestResponseFuture(String input);

    @RSocketExchange("push")
    Mono<Void> metadataPush();
  }

  private interface BlockingService {

    @RSocketExchange("rr")
    @Nullable String requestResponse(@Nullable String input);

    @RSocketExchange("rr-optional")
    Optional<String> requestResponseOptional(String input);

    @RSocketExchange("ff")
    void fireAndForget(String input);

    @RSocketExchange("push")
    void metadataPush();

    default String shout(String input) {
      String response = requestResponse(input);
      return (response != null ? response.toUpperCase() : "");
    }

    void notAnExchange();
  }

  @RSocketExchange("radar")
  private interface RoutedService {

    @RSocketExchange("combined")
    Mono<Void> combined(String input);

    @RSocketExchange
    Mono<Void> typeRouteOnly(String input);

    @RSocketExchange("{a}.{b}.{c}")
    Mono<Void> withVariables(@DestinationVariable String a, @DestinationVariable List<String> bc,
        String input);
  }

  @RSocketExchange("${prefix}")
  private interface PlaceholderService {

    @RSocketExchange("route")
    Mono<Void> execute(String input);
  }

  private interface MetadataService {

    @RSocketExchange("route")
    Mono<Void> withRoute(String metadata, MimeType mimeType, String input);

    @RSocketExchange
    Mono<Void> withoutRoute(String metadata1, MimeType mimeType1, String metadata2,
        MimeType mimeType2);

    @RSocketExchange
    Mono<Void> noRoute(String input);
  }

  /**
   * An {@link RSocket} that records the last request: method, metadata (as UTF-8 text and as
   * composite entries) and data. It copies what it needs and releases each payload at once, so it
   * holds no buffers.
   */
  static final class CapturingRSocket implements RSocket {

    volatile Mono<Payload> monoToReturn = Mono.empty();

    volatile Flux<Payload> fluxToReturn = Flux.empty();

    volatile @Nullable String methodName;

    volatile @Nullable String metadata;

    final List<String> compositeEntries = new CopyOnWriteArrayList<>();

    final List<String> data = new CopyOnWriteArrayList<>();

    private void capture(String methodName, Payload payload) {
      try {
        this.methodName = methodName;
        ByteBuf metadata = payload.metadata();
        if (metadata != null) {
          this.metadata = payload.metadataUtf8();
          this.compositeEntries.clear();
          this.compositeEntries.addAll(readComposite(metadata));
        }
        this.data.add(payload.dataUtf8());
      } finally {
        payload.release();
      }
    }

    private static List<String> readComposite(ByteBuf metadata) {
      List<String> entries = new ArrayList<>();
      try {
        CompositeMetadata.Reader reader = CompositeMetadata.reader(metadata);
        while (reader.next()) {
          String content = reader.content().toString(StandardCharsets.UTF_8);
          if (reader.isMimeType(WellKnownMimeType.MESSAGE_RSOCKET_ROUTING)) {
            content = RoutingTags.firstTag(reader.content());
          }
          entries.add(reader.mimeType() + "=" + content);
        }
      } catch (RuntimeException ex) {
        // not composite metadata
        entries.clear();
      }
      return entries;
    }

    @Override
    public Mono<Void> fireAndForget(Payload payload) {
      capture("fireAndForget", payload);
      return Mono.empty();
    }

    @Override
    public Mono<Payload> requestResponse(Payload payload) {
      capture("requestResponse", payload);
      return this.monoToReturn;
    }

    @Override
    public Flux<Payload> requestStream(Payload payload) {
      capture("requestStream", payload);
      return this.fluxToReturn;
    }

    @Override
    public Flux<Payload> requestChannel(Publisher<Payload> payloads) {
      return Flux.from(payloads)
          .doOnNext(payload -> capture("requestChannel", payload))
          .thenMany(this.fluxToReturn);
    }

    @Override
    public Mono<Void> metadataPush(Payload payload) {
      capture("metadataPush", payload);
      return Mono.empty();
    }
  }

  /** Reads the first tag of routing metadata: a length byte, then the tag's UTF-8 bytes. */
  private static final class RoutingTags {

    static String firstTag(ByteBuf content) {
      int length = content.getUnsignedByte(content.readerIndex());
      return content.toString(content.readerIndex() + 1, length, StandardCharsets.UTF_8);
    }
  }
}

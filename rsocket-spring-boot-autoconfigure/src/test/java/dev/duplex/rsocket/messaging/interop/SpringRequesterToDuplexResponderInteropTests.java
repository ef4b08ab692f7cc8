package dev.duplex.rsocket.messaging.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.rsocket.core.RSocketServer;
import dev.duplex.rsocket.messaging.RSocketStrategies;
import dev.duplex.rsocket.messaging.annotation.support.RSocketMessageHandler;
import dev.duplex.rsocket.transport.BoundServer;
import dev.duplex.rsocket.transport.tcp.TcpServerTransport;
import io.rsocket.exceptions.ApplicationErrorException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.codec.cbor.JacksonCborDecoder;
import org.springframework.http.codec.cbor.JacksonCborEncoder;
import org.springframework.http.codec.json.JacksonJsonDecoder;
import org.springframework.http.codec.json.JacksonJsonEncoder;
import org.springframework.messaging.rsocket.RSocketRequester;
import org.springframework.util.MimeTypeUtils;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * Spring's own {@link RSocketRequester} over rsocket-java 1.1.5, connected over TCP to the engine's
 * {@link RSocketServer} whose responder is our {@link RSocketMessageHandler}: every interaction,
 * a destination variable, JSON and CBOR data with Jackson 3 codecs on both sides, and composite
 * metadata carrying the route plus a {@code text/plain} entry the server extracts as the
 * {@code note} header.
 */
class SpringRequesterToDuplexResponderInteropTests {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private @Nullable AnnotationConfigApplicationContext context;

  private @Nullable BoundServer server;

  private @Nullable RSocketRequester requester;

  @BeforeEach
  void startDuplexResponderOnEngine() {
    this.context = new AnnotationConfigApplicationContext(DuplexResponderConfig.class);
    RSocketMessageHandler handler = this.context.getBean(RSocketMessageHandler.class);
    this.server = RSocketServer.create(handler.responder())
        .bind(TcpServerTransport.create("127.0.0.1", 0))
        .block(TIMEOUT);
  }

  @AfterEach
  void stop() {
    if (this.requester != null) {
      this.requester.dispose();
    }
    if (this.server != null) {
      this.server.dispose();
      this.server.onClose().onErrorComplete().block(TIMEOUT);
    }
    if (this.context != null) {
      this.context.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"application/json", "application/cbor"})
  void requestResponseWithRouteAndExtraEntry(String dataMimeType) {
    RSocketRequester requester = connect(dataMimeType);

    StepVerifier.create(requester.route("greet")
            .metadata("from spring", MimeTypeUtils.TEXT_PLAIN)
            .data(new Greeting("Ann", 1))
            .retrieveMono(Greeting.class))
        .expectNext(new Greeting("Hello Ann [from spring]", 2))
        .expectComplete()
        .verify(TIMEOUT);
  }

  @ParameterizedTest
  @ValueSource(strings = {"application/json", "application/cbor"})
  void requestResponseWithRouteOnly(String dataMimeType) {
    RSocketRequester requester = connect(dataMimeType);

    StepVerifier.create(requester.route("greet")
            .data(new Greeting("Ann", 41))
            .retrieveMono(Greeting.class))
        .expectNext(new Greeting("Hello Ann", 42))
        .expectComplete()
        .verify(TIMEOUT);
  }

  @ParameterizedTest
  @ValueSource(strings = {"application/json", "application/cbor"})
  void requestStream(String dataMimeType) {
    RSocketRequester requester = connect(dataMimeType);

    StepVerifier.create(requester.route("greet-stream")
            .metadata("s", MimeTypeUtils.TEXT_PLAIN)
            .data(new Greeting("Bo", 3))
            .retrieveFlux(Greeting.class))
        .expectNext(new Greeting("Bo [s]", 0), new Greeting("Bo [s]", 1), new Greeting("Bo [s]", 2))
        .expectComplete()
        .verify(TIMEOUT);
  }

  @ParameterizedTest
  @ValueSource(strings = {"application/json", "application/cbor"})
  void requestChannel(String dataMimeType) {
    RSocketRequester requester = connect(dataMimeType);
    Flux<Greeting> input =
        Flux.just(new Greeting("a", 1), new Greeting("b", 2), new Greeting("c", 3));

    StepVerifier.create(requester.route("greet-channel")
            .metadata("ch", MimeTypeUtils.TEXT_PLAIN)
            .data(input, Greeting.class)
            .retrieveFlux(Greeting.class))
        .expectNext(new Greeting("A [ch]", 2), new Greeting("B [ch]", 4), new Greeting("C [ch]", 6))
        .expectComplete()
        .verify(TIMEOUT);
  }

  @ParameterizedTest
  @ValueSource(strings = {"application/json", "application/cbor"})
  void fireAndForget(String dataMimeType) {
    RSocketRequester requester = connect(dataMimeType);

    StepVerifier.create(requester.route("greet-fnf")
            .metadata("fnf", MimeTypeUtils.TEXT_PLAIN)
            .data(new Greeting("Cy", 7))
            .send())
        .expectComplete()
        .verify(TIMEOUT);

    StepVerifier.create(controller().fireAndForget.asFlux())
        .expectNext("Cy/7/fnf")
        .thenCancel()
        .verify(TIMEOUT);
  }

  @ParameterizedTest
  @ValueSource(strings = {"application/json", "application/cbor"})
  void routeWithDestinationVariable(String dataMimeType) {
    RSocketRequester requester = connect(dataMimeType);

    StepVerifier.create(requester.route("greet.{lang}", "fr")
            .metadata("var", MimeTypeUtils.TEXT_PLAIN)
            .data(new Greeting("Dee", 5))
            .retrieveMono(Greeting.class))
        .expectNext(new Greeting("Bonjour Dee [var]", 5))
        .expectComplete()
        .verify(TIMEOUT);
  }

  @ParameterizedTest
  @ValueSource(strings = {"application/json", "application/cbor"})
  void dataIsEncodedWithTheConnectionMimeType(String dataMimeType) {
    RSocketRequester requester = connect(dataMimeType);
    Greeting greeting = new Greeting("Eve", 3);

    StepVerifier.create(requester.route("raw").data(greeting).retrieveMono(byte[].class))
        .assertNext(bytes -> WireFormat.assertEncoded(dataMimeType, bytes, greeting))
        .expectComplete()
        .verify(TIMEOUT);
  }

  @ParameterizedTest
  @ValueSource(strings = {"application/json", "application/cbor"})
  void noHandlerIsAnApplicationError(String dataMimeType) {
    RSocketRequester requester = connect(dataMimeType);

    StepVerifier.create(requester.route("missing").data(new Greeting("F", 0))
            .retrieveMono(Greeting.class))
        .expectErrorSatisfies(ex -> assertThat(ex)
            .isInstanceOf(ApplicationErrorException.class)
            .hasMessage("No handler for destination 'missing'"))
        .verify(TIMEOUT);
  }

  @ParameterizedTest
  @ValueSource(strings = {"application/json", "application/cbor"})
  void responseDataIsEncodedWithTheConnectionMimeType(String dataMimeType) {
    RSocketRequester requester = connect(dataMimeType);

    StepVerifier.create(requester.route("greet").data(new Greeting("Eve", 3))
            .retrieveMono(byte[].class))
        .assertNext(bytes ->
            WireFormat.assertEncoded(dataMimeType, bytes, new Greeting("Hello Eve", 4)))
        .expectComplete()
        .verify(TIMEOUT);
  }

  @ParameterizedTest
  @ValueSource(strings = {"application/json", "application/cbor"})
  void largeDataCrossesTheWireWhole(String dataMimeType) {
    RSocketRequester requester = connect(dataMimeType);
    String name = "x".repeat(300_000);

    StepVerifier.create(requester.route("greet").data(new Greeting(name, 0))
            .retrieveMono(Greeting.class))
        .expectNext(new Greeting("Hello " + name, 1))
        .expectComplete()
        .verify(TIMEOUT);
  }

  @ParameterizedTest
  @ValueSource(strings = {"application/json", "application/cbor"})
  void setupRouteDataAndMetadataReachConnectMapping(String dataMimeType) {
    RSocketRequester requester = connect(dataMimeType, builder -> builder
        .setupRoute("connect.{id}", "c1")
        .setupData(new Greeting("Gus", 9))
        .setupMetadata("at setup", MimeTypeUtils.TEXT_PLAIN));

    StepVerifier.create(requester.route("greet").data(new Greeting("Gus", 1))
            .retrieveMono(Greeting.class))
        .expectNext(new Greeting("Hello Gus", 2))
        .expectComplete()
        .verify(TIMEOUT);
    StepVerifier.create(controller().connected.asFlux())
        .expectNext("c1/Gus/9/at setup")
        .thenCancel()
        .verify(TIMEOUT);
  }

  @ParameterizedTest
  @ValueSource(strings = {"application/json", "application/cbor"})
  void metadataPushWithRouteAndExtraEntry(String dataMimeType) {
    RSocketRequester requester = connect(dataMimeType);

    StepVerifier.create(Flux.just("first", "second").concatMap(note -> requester
            .route("note-update")
            .metadata(note, MimeTypeUtils.TEXT_PLAIN)
            .sendMetadata()))
        .expectComplete()
        .verify(TIMEOUT);
    StepVerifier.create(controller().metadataPushed.asFlux())
        .expectNext("first", "second")
        .thenCancel()
        .verify(TIMEOUT);
  }

  @ParameterizedTest
  @ValueSource(strings = {"application/json", "application/cbor"})
  void requestChannelWithEmptyInput(String dataMimeType) {
    RSocketRequester requester = connect(dataMimeType);

    StepVerifier.create(requester.route("greet-channel-count")
            .data(Flux.empty(), Greeting.class)
            .retrieveFlux(Greeting.class))
        .expectNext(new Greeting("received", 0))
        .expectComplete()
        .verify(TIMEOUT);
  }

  @ParameterizedTest
  @ValueSource(strings = {"application/json", "application/cbor"})
  void cancellingAStreamReachesTheHandler(String dataMimeType) {
    RSocketRequester requester = connect(dataMimeType);

    StepVerifier.create(requester.route("greet-forever").data(new Greeting("Hal", 0))
            .retrieveFlux(Greeting.class))
        .expectNext(new Greeting("Hal", 0), new Greeting("Hal", 1), new Greeting("Hal", 2))
        .thenCancel()
        .verify(TIMEOUT);
    StepVerifier.create(controller().cancelled.asFlux())
        .expectNext("Hal")
        .thenCancel()
        .verify(TIMEOUT);
  }

  @ParameterizedTest
  @ValueSource(strings = {"application/json", "application/cbor"})
  void handlerErrorIsAnApplicationErrorWithItsMessage(String dataMimeType) {
    RSocketRequester requester = connect(dataMimeType);

    StepVerifier.create(requester.route("greet-error").data(new Greeting("Ida", 0))
            .retrieveMono(Greeting.class))
        .expectErrorSatisfies(ex -> assertThat(ex)
            .isInstanceOf(ApplicationErrorException.class)
            .hasMessage("No greeting for Ida"))
        .verify(TIMEOUT);
  }

  @ParameterizedTest
  @ValueSource(strings = {"application/json", "application/cbor"})
  void routingMetadataMimeTypeInsteadOfComposite(String dataMimeType) {
    RSocketRequester requester = connect(dataMimeType, builder -> builder
        .metadataMimeType(MimeTypeUtils.parseMimeType("message/x.rsocket.routing.v0")));

    StepVerifier.create(requester.route("greet.{lang}", "de").data(new Greeting("Jo", 2))
            .retrieveMono(Greeting.class))
        .expectNext(new Greeting("Hallo Jo", 2))
        .expectComplete()
        .verify(TIMEOUT);
  }

  private RSocketRequester connect(String dataMimeType) {
    return connect(dataMimeType, builder -> { });
  }

  private RSocketRequester connect(String dataMimeType,
      Consumer<RSocketRequester.Builder> configurer) {
    org.springframework.messaging.rsocket.RSocketStrategies strategies =
        org.springframework.messaging.rsocket.RSocketStrategies.builder()
            .encoder(new JacksonJsonEncoder(), new JacksonCborEncoder())
            .decoder(new JacksonJsonDecoder(), new JacksonCborDecoder())
            .build();
    assertThat(this.server).isNotNull();
    this.requester = RSocketRequester.builder()
        .dataMimeType(MimeTypeUtils.parseMimeType(dataMimeType))
        .rsocketStrategies(strategies)
        .apply(configurer)
        .tcp("127.0.0.1", ((InetSocketAddress) this.server.address()).getPort());
    return this.requester;
  }

  private InteropController controller() {
    assertThat(this.context).isNotNull();
    return this.context.getBean(InteropController.class);
  }

  @Configuration(proxyBeanMethods = false)
  static class DuplexResponderConfig {

    @Bean
    InteropController controller() {
      return new InteropController();
    }

    @Bean
    RSocketStrategies rsocketStrategies() {
      return RSocketStrategies.builder()
          .encoder(new JacksonJsonEncoder(), new JacksonCborEncoder())
          .decoder(new JacksonJsonDecoder(), new JacksonCborDecoder())
          .metadataExtractorRegistry(registry ->
              registry.metadataToExtract(MimeTypeUtils.TEXT_PLAIN, String.class, "note"))
          .build();
    }

    @Bean
    RSocketMessageHandler messageHandler(RSocketStrategies rsocketStrategies) {
      RSocketMessageHandler handler = new RSocketMessageHandler();
      handler.setRSocketStrategies(rsocketStrategies);
      return handler;
    }
  }
}

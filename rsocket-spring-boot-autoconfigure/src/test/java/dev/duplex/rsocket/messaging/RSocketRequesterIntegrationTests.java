package dev.duplex.rsocket.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.rsocket.ConnectionSetupPayload;
import dev.duplex.rsocket.Payload;
import dev.duplex.rsocket.RSocket;
import dev.duplex.rsocket.RSocketConnection;
import dev.duplex.rsocket.core.RSocketServer;
import dev.duplex.rsocket.error.ApplicationErrorException;
import dev.duplex.rsocket.transport.BoundServer;
import dev.duplex.rsocket.transport.ServerTransport;
import dev.duplex.rsocket.transport.tcp.TcpServerTransport;
import dev.duplex.rsocket.transport.websocket.WebSocketServerTransport;
import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.util.MimeType;
import org.springframework.util.MimeTypeUtils;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

/**
 * {@link RSocketRequester} built with {@code tcp(...)} and {@code websocket(...)} against an
 * engine server on {@code 127.0.0.1}, whose responder extracts the route with a
 * {@link DefaultMetadataExtractor} and answers by route.
 */
class RSocketRequesterIntegrationTests {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private static final MimeType TEXT_ENTRY = new MimeType("text", "x.test.entry");

  private final RSocketStrategies serverStrategies = RSocketStrategies.builder()
      .metadataExtractorRegistry(registry ->
          registry.metadataToExtract(TEXT_ENTRY, String.class, "entry"))
      .build();

  /** What the server saw: "route" or "route|entry", then ":" and the data, for fnf and push. */
  private final Sinks.Many<String> oneWay = Sinks.many().replay().all();

  private final Sinks.Many<String> channelRoutes = Sinks.many().replay().all();

  private final Sinks.Empty<Void> streamCancelled = Sinks.empty();

  private @Nullable BoundServer server;

  private @Nullable RSocketRequester requester;

  @AfterEach
  void stop() {
    if (this.requester != null) {
      this.requester.dispose();
    }
    if (this.server != null) {
      this.server.dispose();
      this.server.onClose().onErrorComplete().block(TIMEOUT);
    }
  }

  @Test
  void echoString() {
    RSocketRequester requester = tcpRequester(RSocketRequester.builder());

    StepVerifier.create(requester.route("echo").data("Hello").retrieveMono(String.class))
        .expectNext("Hello")
        .expectComplete()
        .verify(TIMEOUT);
  }

  @Test
  void echoBytes() {
    RSocketRequester requester = tcpRequester(RSocketRequester.builder()
        .dataMimeType(MimeTypeUtils.APPLICATION_OCTET_STREAM));
    byte[] bytes = {0, 1, 2, (byte) 0xff, 42};

    StepVerifier.create(requester.route("echo").data(bytes).retrieveMono(byte[].class))
        .assertNext(echoed -> assertThat(echoed).containsExactly(bytes))
        .expectComplete()
        .verify(TIMEOUT);
  }

  @Test
  void echoWithCopyingBufferFactory() {
    RSocketRequester requester = tcpRequester(RSocketRequester.builder()
        .rsocketStrategies(builder ->
            builder.dataBufferFactory(DefaultDataBufferFactory.sharedInstance)));

    StepVerifier.create(requester.route("echo").data("Hello").retrieveMono(String.class))
        .expectNext("Hello")
        .expectComplete()
        .verify(TIMEOUT);
  }

  @Test
  void routeVariablesReachTheServer() {
    RSocketRequester requester = tcpRequester(RSocketRequester.builder());

    StepVerifier.create(requester.route("route.{id}", "a.b").retrieveMono(String.class))
        .expectNext("route.a%2Eb")
        .expectComplete()
        .verify(TIMEOUT);
  }

  @Test
  void requestStream() {
    RSocketRequester requester = tcpRequester(RSocketRequester.builder());

    StepVerifier.create(requester.route("stream").data("x").retrieveFlux(String.class))
        .expectNext("x0", "x1", "x2")
        .expectComplete()
        .verify(TIMEOUT);
  }

  @Test
  void requestStreamCancelled() {
    RSocketRequester requester = tcpRequester(RSocketRequester.builder());

    StepVerifier.create(requester.route("infinite").retrieveFlux(String.class).take(3))
        .expectNext("0", "1", "2")
        .expectComplete()
        .verify(TIMEOUT);
    StepVerifier.create(this.streamCancelled.asMono()).expectComplete().verify(TIMEOUT);
  }

  @Test
  void requestChannel() {
    RSocketRequester requester = tcpRequester(RSocketRequester.builder());

    StepVerifier.create(requester.route("channel")
            .data(Flux.just("a", "b", "c"))
            .retrieveFlux(String.class))
        .expectNext("A", "B", "C")
        .expectComplete()
        .verify(TIMEOUT);
    // the route goes with the first payload only
    StepVerifier.create(this.channelRoutes.asFlux().take(3))
        .expectNext("channel", "-", "-")
        .expectComplete()
        .verify(TIMEOUT);
  }

  @Test
  void fireAndForgetWithMetadataEntry() {
    RSocketRequester requester = tcpRequester(RSocketRequester.builder());

    requester.route("fnf")
        .metadata("extra", TEXT_ENTRY)
        .data("payload")
        .send()
        .block(TIMEOUT);

    StepVerifier.create(this.oneWay.asFlux().next())
        .expectNext("fnf|extra:payload")
        .expectComplete()
        .verify(TIMEOUT);
  }

  @Test
  void metadataPush() {
    RSocketRequester requester = tcpRequester(RSocketRequester.builder());

    requester.metadata("pushed", TEXT_ENTRY).sendMetadata().block(TIMEOUT);

    StepVerifier.create(this.oneWay.asFlux().next())
        .expectNext("push|pushed")
        .expectComplete()
        .verify(TIMEOUT);
  }

  @Test
  void voidResponse() {
    RSocketRequester requester = tcpRequester(RSocketRequester.builder());

    StepVerifier.create(requester.route("echo").data("ignored").retrieveMono(Void.class))
        .expectComplete()
        .verify(TIMEOUT);
    StepVerifier.create(requester.route("stream").data("y").retrieveFlux(Void.class))
        .expectComplete()
        .verify(TIMEOUT);
  }

  @Test
  void errorResponse() {
    RSocketRequester requester = tcpRequester(RSocketRequester.builder());

    StepVerifier.create(requester.route("error").data("boom").retrieveMono(String.class))
        .expectErrorSatisfies(ex -> assertThat(ex)
            .isInstanceOf(ApplicationErrorException.class)
            .hasMessage("boom"))
        .verify(TIMEOUT);
  }

  @Test
  void setupRouteAndDataReachTheServer() {
    RSocketRequester requester = tcpRequester(RSocketRequester.builder()
        .setupRoute("setup.{id}", 7)
        .setupData("credentials"));

    StepVerifier.create(requester.route("setup").retrieveMono(String.class))
        .expectNext("setup.7:credentials")
        .expectComplete()
        .verify(TIMEOUT);
  }

  @Test
  void echoOverWebSocket() {
    BoundServer bound = start(WebSocketServerTransport.create("127.0.0.1", 0));
    int port = ((InetSocketAddress) bound.address()).getPort();
    this.requester = RSocketRequester.builder()
        .websocket(URI.create("ws://127.0.0.1:" + port + "/"));

    StepVerifier.create(this.requester.route("echo").data("Hello").retrieveMono(String.class))
        .expectNext("Hello")
        .expectComplete()
        .verify(TIMEOUT);
  }

  private RSocketRequester tcpRequester(RSocketRequester.Builder builder) {
    BoundServer bound = start(TcpServerTransport.create("127.0.0.1", 0));
    int port = ((InetSocketAddress) bound.address()).getPort();
    this.requester = builder.tcp("127.0.0.1", port);
    return this.requester;
  }

  private BoundServer start(ServerTransport transport) {
    this.server = RSocketServer.create(this::accept).bind(transport).block(TIMEOUT);
    assertThat(this.server).isNotNull();
    return this.server;
  }

  private Mono<RSocket> accept(ConnectionSetupPayload setup, RSocketConnection connection) {
    MimeType metadataMimeType = MimeTypeUtils.parseMimeType(setup.metadataMimeType());
    String setupInfo = setup.payload().hasMetadata()
        ? route(setup.payload(), metadataMimeType) + ":" + setup.payload().dataUtf8()
        : "";
    return Mono.just(new RouteResponder(metadataMimeType, setupInfo));
  }

  private String route(Payload payload, MimeType metadataMimeType) {
    Map<String, Object> values =
        this.serverStrategies.metadataExtractor().extract(payload, metadataMimeType);
    Object route = values.get(MetadataExtractor.ROUTE_KEY);
    Object entry = values.get("entry");
    return (route != null ? route : "") + (entry != null ? (route != null ? "|" : "") + entry : "");
  }

  /** Answers by route; releases every payload it receives. */
  private final class RouteResponder implements RSocket {

    private final MimeType metadataMimeType;

    private final String setupInfo;

    RouteResponder(MimeType metadataMimeType, String setupInfo) {
      this.metadataMimeType = metadataMimeType;
      this.setupInfo = setupInfo;
    }

    @Override
    public Mono<Void> fireAndForget(Payload payload) {
      try {
        oneWay.tryEmitNext(route(payload, this.metadataMimeType) + ":" + payload.dataUtf8());
      } finally {
        payload.release();
      }
      return Mono.empty();
    }

    @Override
    public Mono<Void> metadataPush(Payload payload) {
      try {
        oneWay.tryEmitNext("push|" + route(payload, this.metadataMimeType));
      } finally {
        payload.release();
      }
      return Mono.empty();
    }

    @Override
    public Mono<Payload> requestResponse(Payload payload) {
      try {
        String route = route(payload, this.metadataMimeType);
        if (route.equals("echo")) {
          return Mono.just(Payload.create(payload.data().retain()));
        }
        if (route.equals("error")) {
          return Mono.error(new IllegalStateException(payload.dataUtf8()));
        }
        if (route.equals("setup")) {
          return Mono.just(Payload.create(this.setupInfo));
        }
        return Mono.just(Payload.create(route));
      } finally {
        payload.release();
      }
    }

    @Override
    public Flux<Payload> requestStream(Payload payload) {
      try {
        String route = route(payload, this.metadataMimeType);
        if (route.equals("infinite")) {
          // as many as requested, until cancelled
          return Flux.<Payload, Long>generate(() -> 0L, (i, sink) -> {
            sink.next(Payload.create(String.valueOf(i)));
            return i + 1;
          }).doOnCancel(streamCancelled::tryEmitEmpty);
        }
        String data = payload.dataUtf8();
        return Flux.range(0, 3).map(i -> Payload.create(data + i));
      } finally {
        payload.release();
      }
    }

    @Override
    public Flux<Payload> requestChannel(Publisher<Payload> payloads) {
      return Flux.from(payloads).map(payload -> {
        try {
          String route = payload.hasMetadata() ? route(payload, this.metadataMimeType) : "-";
          channelRoutes.tryEmitNext(route.isEmpty() ? "-" : route);
          ByteBuf data = payload.data();
          return Payload.create(data.toString(StandardCharsets.UTF_8)
              .toUpperCase(Locale.ROOT));
        } finally {
          payload.release();
        }
      });
    }
  }
}

package dev.duplex.rsocket.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.rsocket.Payload;
import dev.duplex.rsocket.RSocket;
import dev.duplex.rsocket.core.RSocketServer;
import dev.duplex.rsocket.error.CustomRSocketException;
import dev.duplex.rsocket.transport.BoundServer;
import io.rsocket.core.RSocketConnector;
import io.rsocket.util.DefaultPayload;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

/** Our server, rsocket-java 1.1.5 as the client, over real sockets on 127.0.0.1. */
class DuplexServerRSocketJavaClientTests {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final int MTU = 64 * 1024;

  private final Sinks.Many<String> fireAndForgets = Sinks.many().replay().all();
  private final Sinks.Many<String> metadataPushes = Sinks.many().replay().all();
  private final Sinks.One<String> callbackAnswer = Sinks.one();
  private final List<Long> streamRequests = new CopyOnWriteArrayList<>();
  private final CountDownLatch responderCanceled = new CountDownLatch(1);

  private BoundServer server;
  private io.rsocket.RSocket client;

  private final RSocket responder = new RSocket() {
    @Override
    public Mono<Payload> requestResponse(Payload payload) {
      String data = payload.data().readableBytes() < 64 ? payload.dataUtf8() : "";
      if (data.equals("custom-error")) {
        payload.release();
        return Mono.error(new CustomRSocketException(0x0000_0301, "custom failure"));
      }
      if (data.equals("never")) {
        payload.release();
        return Mono.<Payload>never().doOnCancel(responderCanceled::countDown);
      }
      return Mono.just(payload);
    }

    @Override
    public Mono<Void> fireAndForget(Payload payload) {
      fireAndForgets.tryEmitNext(payload.dataUtf8());
      payload.release();
      return Mono.empty();
    }

    @Override
    public Flux<Payload> requestStream(Payload payload) {
      int count = Integer.parseInt(payload.dataUtf8());
      payload.release();
      return Flux.range(0, count).map(i -> Payload.create("item-" + i))
          .doOnRequest(streamRequests::add)
          .doOnCancel(responderCanceled::countDown);
    }

    @Override
    public Flux<Payload> requestChannel(Publisher<Payload> payloads) {
      return Flux.from(payloads).map(p -> {
        String text = p.dataUtf8();
        p.release();
        return Payload.create("echo " + text);
      }).doOnCancel(responderCanceled::countDown);
    }

    @Override
    public Mono<Void> metadataPush(Payload payload) {
      metadataPushes.tryEmitNext(payload.metadataUtf8());
      payload.release();
      return Mono.empty();
    }
  };

  @AfterEach
  void close() {
    if (client != null) {
      client.dispose();
      client.onClose().onErrorComplete().block(TIMEOUT);
    }
    if (server != null) {
      server.dispose();
      server.onClose().onErrorComplete().block(TIMEOUT);
    }
  }

  private void start(InteropTransport transport) {
    server = RSocketServer.create((setup, requester) -> {
      String setupData = setup.payload().dataUtf8();
      if (setupData.equals("reject")) {
        return Mono.error(new IllegalStateException("go away"));
      }
      if (setupData.equals("call me back")) {
        requester.requestResponse(Payload.create("who are you?"))
            .map(DuplexServerRSocketJavaClientTests::text)
            .subscribe(callbackAnswer::tryEmitValue, callbackAnswer::tryEmitError);
      }
      return Mono.just(responder);
    }).fragment(MTU).maxInboundPayloadSize(32 * 1024 * 1024)
        .bind(transport.duplexServer()).block(TIMEOUT);
    client = RSocketConnector.create().fragment(MTU)
        .connect(transport.rsocketJavaClient((InetSocketAddress) server.address()))
        .block(TIMEOUT);
  }

  static List<Arguments> sizes() {
    return Flux.fromArray(InteropTransport.values())
        .flatMap(t -> Flux.just(0, 32, 64 * 1024, 1024 * 1024, 16 * 1024 * 1024)
            .map(size -> Arguments.of(t, size)))
        .collectList().block();
  }

  @ParameterizedTest(name = "{0} {1} bytes")
  @MethodSource("sizes")
  void requestResponseEchoesEverySize(InteropTransport transport, int size) {
    start(transport);
    byte[] data = new byte[size];
    new Random(size).nextBytes(data);
    byte[] metadata = new byte[Math.min(size, 1000)];

    StepVerifier.create(client.requestResponse(DefaultPayload.create(data, metadata)))
        .assertNext(answer -> {
          assertThat(answer.getData().remaining()).isEqualTo(size);
          byte[] echoed = new byte[size];
          answer.getData().get(echoed);
          assertThat(echoed).isEqualTo(data);
          assertThat(answer.getMetadata().remaining()).isEqualTo(metadata.length);
          answer.release();
        })
        .expectComplete()
        .verify(Duration.ofSeconds(30));
  }

  @ParameterizedTest
  @EnumSource(InteropTransport.class)
  void fireAndForgetIsDelivered(InteropTransport transport) {
    start(transport);

    client.fireAndForget(DefaultPayload.create("fire")).block(TIMEOUT);
    StepVerifier.create(fireAndForgets.asFlux().take(1)).expectNext("fire").expectComplete()
        .verify(TIMEOUT);
  }

  @ParameterizedTest
  @EnumSource(InteropTransport.class)
  void requestStreamHonoursExactRequestN(InteropTransport transport) {
    start(transport);

    StepVerifier.create(client.requestStream(DefaultPayload.create("100"))
            .map(io.rsocket.Payload::getDataUtf8), 0)
        .thenRequest(5)
        .expectNext("item-0", "item-1", "item-2", "item-3", "item-4")
        .expectNoEvent(Duration.ofMillis(100))
        .thenRequest(5)
        .expectNextCount(5)
        .thenCancel()
        .verify(TIMEOUT);
    awaitLatch(responderCanceled);
    assertThat(streamRequests).containsExactly(5L, 5L);
  }

  @ParameterizedTest
  @EnumSource(InteropTransport.class)
  void channelEchoesAndCompletesEachDirection(InteropTransport transport) {
    start(transport);

    StepVerifier.create(client.requestChannel(Flux.just("a", "b", "c").map(DefaultPayload::create))
            .map(io.rsocket.Payload::getDataUtf8))
        .expectNext("echo a", "echo b", "echo c")
        .expectComplete()
        .verify(TIMEOUT);
  }

  @ParameterizedTest
  @EnumSource(InteropTransport.class)
  void cancelingARequestResponseReachesTheResponder(InteropTransport transport) {
    start(transport);

    StepVerifier.create(client.requestResponse(DefaultPayload.create("never")))
        .expectSubscription()
        .expectNoEvent(Duration.ofMillis(100))
        .thenCancel()
        .verify(TIMEOUT);
    awaitLatch(responderCanceled);
  }

  @ParameterizedTest
  @EnumSource(InteropTransport.class)
  void cancelingAChannelReachesTheResponder(InteropTransport transport) {
    start(transport);

    StepVerifier.create(client.requestChannel(Flux.just(DefaultPayload.create("first"))
            .concatWith(Flux.never())).map(io.rsocket.Payload::getDataUtf8))
        .expectNext("echo first")
        .thenCancel()
        .verify(TIMEOUT);
    awaitLatch(responderCanceled);
  }

  @ParameterizedTest
  @EnumSource(InteropTransport.class)
  void rsocketJavaTimesOutAServerThatAnswersNoKeepAlive(InteropTransport transport) {
    // frames that arrive while the acceptor decides are held, so this server answers nothing
    server = RSocketServer.create((setup, requester) -> Mono.never())
        .bind(transport.duplexServer()).block(TIMEOUT);
    client = RSocketConnector.create().keepAlive(Duration.ofMillis(50), Duration.ofMillis(300))
        .connect(transport.rsocketJavaClient((InetSocketAddress) server.address()))
        .block(TIMEOUT);

    StepVerifier.create(client.onClose())
        .expectErrorSatisfies(error -> assertThat(error)
            .isInstanceOf(io.rsocket.exceptions.ConnectionErrorException.class)
            .hasMessageContaining("No keep-alive acks"))
        .verify(TIMEOUT);
  }

  @ParameterizedTest
  @EnumSource(InteropTransport.class)
  void errorCodeAndMessageReachRSocketJava(InteropTransport transport) {
    start(transport);

    StepVerifier.create(client.requestResponse(DefaultPayload.create("custom-error")))
        .expectErrorSatisfies(error -> {
          assertThat(error).isInstanceOf(io.rsocket.exceptions.CustomRSocketException.class)
              .hasMessage("custom failure");
          assertThat(((io.rsocket.exceptions.CustomRSocketException) error).errorCode())
              .isEqualTo(0x0000_0301);
        })
        .verify(TIMEOUT);
  }

  @ParameterizedTest
  @EnumSource(InteropTransport.class)
  void metadataPushIsDelivered(InteropTransport transport) {
    start(transport);

    client.metadataPush(DefaultPayload.create("", "pushed")).block(TIMEOUT);
    StepVerifier.create(metadataPushes.asFlux().take(1)).expectNext("pushed").expectComplete()
        .verify(TIMEOUT);
  }

  @ParameterizedTest
  @EnumSource(InteropTransport.class)
  void theServersRequestIsAnsweredByTheRSocketJavaClient(InteropTransport transport) {
    server = RSocketServer.create((setup, requester) -> {
      requester.requestResponse(Payload.create("who are you?"))
          .map(DuplexServerRSocketJavaClientTests::text)
          .subscribe(callbackAnswer::tryEmitValue, callbackAnswer::tryEmitError);
      return Mono.just(responder);
    }).bind(transport.duplexServer()).block(TIMEOUT);
    client = RSocketConnector.create()
        .acceptor(io.rsocket.SocketAcceptor.forRequestResponse(p -> {
          p.release();
          return Mono.just(DefaultPayload.create("rsocket-java"));
        }))
        .connect(transport.rsocketJavaClient((InetSocketAddress) server.address()))
        .block(TIMEOUT);

    StepVerifier.create(callbackAnswer.asMono()).expectNext("rsocket-java").expectComplete()
        .verify(TIMEOUT);
  }

  @ParameterizedTest
  @EnumSource(InteropTransport.class)
  void aRejectedSetupReachesRSocketJavaWithItsMessage(InteropTransport transport) {
    server = RSocketServer.create((setup, requester) ->
            Mono.error(new IllegalStateException("go away")))
        .bind(transport.duplexServer()).block(TIMEOUT);
    client = RSocketConnector.create()
        .connect(transport.rsocketJavaClient((InetSocketAddress) server.address()))
        .block(TIMEOUT);

    StepVerifier.create(client.requestResponse(DefaultPayload.create("hello")))
        .expectErrorSatisfies(error -> assertThat(error)
            .isInstanceOf(io.rsocket.exceptions.RejectedSetupException.class)
            .hasMessage("go away"))
        .verify(TIMEOUT);
  }

  @ParameterizedTest
  @EnumSource(InteropTransport.class)
  void thousandConcurrentRequestResponsesOnOneConnection(InteropTransport transport) {
    start(transport);

    List<String> answers = Flux.range(0, 1000)
        .flatMap(i -> client.requestResponse(DefaultPayload.create("r" + i)), 1000)
        .map(io.rsocket.Payload::getDataUtf8)
        .collect(Collectors.toList())
        .block(TIMEOUT);

    assertThat(answers).hasSize(1000).doesNotHaveDuplicates().contains("r0", "r999");
  }

  private static String text(Payload payload) {
    try {
      return payload.dataUtf8();
    } finally {
      payload.release();
    }
  }

  private static void awaitLatch(CountDownLatch latch) {
    try {
      assertThat(latch.await(10, TimeUnit.SECONDS)).as("released in time").isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}

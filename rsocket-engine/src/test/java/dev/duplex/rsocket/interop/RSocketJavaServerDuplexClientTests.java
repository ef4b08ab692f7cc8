package dev.duplex.rsocket.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.rsocket.Payload;
import dev.duplex.rsocket.RSocket;
import dev.duplex.rsocket.RSocketConnection;
import dev.duplex.rsocket.SocketAcceptor;
import dev.duplex.rsocket.core.RSocketConnector;
import dev.duplex.rsocket.error.CustomRSocketException;
import dev.duplex.rsocket.error.RejectedSetupException;
import io.netty.buffer.ByteBufUtil;
import io.rsocket.core.RSocketServer;
import io.rsocket.transport.netty.server.CloseableChannel;
import io.rsocket.util.DefaultPayload;
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

/** rsocket-java 1.1.5 as the server, our client, over real sockets on 127.0.0.1. */
class RSocketJavaServerDuplexClientTests {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final int MTU = 64 * 1024;

  private final Sinks.Many<String> fireAndForgets = Sinks.many().replay().all();
  private final Sinks.Many<String> metadataPushes = Sinks.many().replay().all();
  private final Sinks.One<String> callbackAnswer = Sinks.one();
  private final List<Long> streamRequests = new CopyOnWriteArrayList<>();
  private final CountDownLatch responderCanceled = new CountDownLatch(1);

  private CloseableChannel server;
  private RSocketConnection client;

  private final io.rsocket.RSocket responder = new io.rsocket.RSocket() {
    @Override
    public Mono<io.rsocket.Payload> requestResponse(io.rsocket.Payload payload) {
      String data = payload.data().readableBytes() < 64 ? payload.getDataUtf8() : "";
      if (data.equals("custom-error")) {
        payload.release();
        return Mono.error(new io.rsocket.exceptions.CustomRSocketException(0x0000_0301,
            "custom failure"));
      }
      if (data.equals("never")) {
        payload.release();
        return Mono.<io.rsocket.Payload>never().doOnCancel(responderCanceled::countDown);
      }
      return Mono.just(payload);
    }

    @Override
    public Mono<Void> fireAndForget(io.rsocket.Payload payload) {
      fireAndForgets.tryEmitNext(payload.getDataUtf8());
      payload.release();
      return Mono.empty();
    }

    @Override
    public Flux<io.rsocket.Payload> requestStream(io.rsocket.Payload payload) {
      int count = Integer.parseInt(payload.getDataUtf8());
      payload.release();
      return Flux.range(0, count).map(i -> DefaultPayload.create("item-" + i))
          .doOnRequest(streamRequests::add)
          .doOnCancel(responderCanceled::countDown);
    }

    @Override
    public Flux<io.rsocket.Payload> requestChannel(Publisher<io.rsocket.Payload> payloads) {
      return Flux.from(payloads).map(p -> {
        String text = p.getDataUtf8();
        p.release();
        return DefaultPayload.create("echo " + text);
      }).doOnCancel(responderCanceled::countDown);
    }

    @Override
    public Mono<Void> metadataPush(io.rsocket.Payload payload) {
      metadataPushes.tryEmitNext(payload.getMetadataUtf8());
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
    server = RSocketServer.create(io.rsocket.SocketAcceptor.with(responder)).fragment(MTU)
        .bind(transport.rsocketJavaServer()).block(TIMEOUT);
    client = RSocketConnector.create().fragment(MTU).maxInboundPayloadSize(32 * 1024 * 1024)
        .connect(transport.duplexClient(server.address())).block(TIMEOUT);
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

    StepVerifier.create(client.requestResponse(Payload.create(data, metadata)))
        .assertNext(answer -> {
          try {
            assertThat(ByteBufUtil.getBytes(answer.data())).isEqualTo(data);
            assertThat(answer.metadata().readableBytes()).isEqualTo(metadata.length);
          } finally {
            answer.release();
          }
        })
        .expectComplete()
        .verify(Duration.ofSeconds(30));
  }

  @ParameterizedTest
  @EnumSource(InteropTransport.class)
  void fireAndForgetIsDelivered(InteropTransport transport) {
    start(transport);

    client.fireAndForget(Payload.create("fire")).block(TIMEOUT);
    StepVerifier.create(fireAndForgets.asFlux().take(1)).expectNext("fire").expectComplete()
        .verify(TIMEOUT);
  }

  @ParameterizedTest
  @EnumSource(InteropTransport.class)
  void requestStreamHonoursExactRequestN(InteropTransport transport) {
    start(transport);

    StepVerifier.create(client.requestStream(Payload.create("100"))
            .map(RSocketJavaServerDuplexClientTests::text), 0)
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
  void requestStreamUnboundedReceivesEverything(InteropTransport transport) {
    start(transport);

    StepVerifier.create(client.requestStream(Payload.create("10000")))
        .recordWith(CopyOnWriteArrayList::new)
        .expectNextCount(10_000)
        .consumeRecordedWith(items -> items.forEach(Payload::release))
        .expectComplete()
        .verify(TIMEOUT);
  }

  @ParameterizedTest
  @EnumSource(InteropTransport.class)
  void channelEchoesAndCompletesEachDirection(InteropTransport transport) {
    start(transport);

    StepVerifier.create(client.requestChannel(Flux.just("a", "b", "c").map(Payload::create))
            .map(RSocketJavaServerDuplexClientTests::text))
        .expectNext("echo a", "echo b", "echo c")
        .expectComplete()
        .verify(TIMEOUT);
  }

  @ParameterizedTest
  @EnumSource(InteropTransport.class)
  void cancelingARequestResponseReachesTheResponder(InteropTransport transport) {
    start(transport);

    StepVerifier.create(client.requestResponse(Payload.create("never")))
        .expectSubscription()
        .expectNoEvent(Duration.ofMillis(100))
        .thenCancel()
        .verify(TIMEOUT);
    awaitLatch(responderCanceled);
  }

  @ParameterizedTest
  @EnumSource(InteropTransport.class)
  void cancelingAChannelReachesTheRSocketJavaResponder(InteropTransport transport) {
    start(transport);

    StepVerifier.create(client.requestChannel(Flux.just(Payload.create("first"))
            .concatWith(Flux.never())).map(RSocketJavaServerDuplexClientTests::text))
        .expectNext("echo first")
        .thenCancel()
        .verify(TIMEOUT);
    awaitLatch(responderCanceled);
  }

  @ParameterizedTest
  @EnumSource(InteropTransport.class)
  void errorCodeAndMessageReachOurClient(InteropTransport transport) {
    start(transport);

    StepVerifier.create(client.requestResponse(Payload.create("custom-error")))
        .expectErrorSatisfies(error -> {
          assertThat(error).isInstanceOf(CustomRSocketException.class)
              .hasMessage("custom failure");
          assertThat(((CustomRSocketException) error).errorCode()).isEqualTo(0x0000_0301);
        })
        .verify(TIMEOUT);
  }

  @ParameterizedTest
  @EnumSource(InteropTransport.class)
  void metadataPushIsDelivered(InteropTransport transport) {
    start(transport);

    client.metadataPush(Payload.create("", "pushed")).block(TIMEOUT);
    StepVerifier.create(metadataPushes.asFlux().take(1)).expectNext("pushed").expectComplete()
        .verify(TIMEOUT);
  }

  @ParameterizedTest
  @EnumSource(InteropTransport.class)
  void theRSocketJavaServersRequestIsAnsweredByOurClient(InteropTransport transport) {
    server = RSocketServer.create((setup, requester) -> {
      requester.requestResponse(DefaultPayload.create("who are you?"))
          .map(io.rsocket.Payload::getDataUtf8)
          .subscribe(callbackAnswer::tryEmitValue, callbackAnswer::tryEmitError);
      return Mono.just(responder);
    }).bind(transport.rsocketJavaServer()).block(TIMEOUT);
    client = RSocketConnector.create()
        .acceptor(SocketAcceptor.with(new RSocket() {
          @Override
          public Mono<Payload> requestResponse(Payload payload) {
            payload.release();
            return Mono.just(Payload.create("duplex"));
          }
        }))
        .connect(transport.duplexClient(server.address()))
        .block(TIMEOUT);

    StepVerifier.create(callbackAnswer.asMono()).expectNext("duplex").expectComplete()
        .verify(TIMEOUT);
  }

  @ParameterizedTest
  @EnumSource(InteropTransport.class)
  void aRejectedSetupReachesOurClientWithItsMessage(InteropTransport transport) {
    server = RSocketServer.create((setup, requester) ->
            Mono.error(new io.rsocket.exceptions.RejectedSetupException("go away")))
        .bind(transport.rsocketJavaServer()).block(TIMEOUT);
    client = RSocketConnector.create()
        .connect(transport.duplexClient(server.address())).block(TIMEOUT);

    StepVerifier.create(client.onClose())
        .expectErrorSatisfies(error -> assertThat(error)
            .isInstanceOf(RejectedSetupException.class).hasMessage("go away"))
        .verify(TIMEOUT);
  }

  @ParameterizedTest
  @EnumSource(InteropTransport.class)
  void thousandConcurrentRequestResponsesOnOneConnection(InteropTransport transport) {
    start(transport);

    List<String> answers = Flux.range(0, 1000)
        .flatMap(i -> client.requestResponse(Payload.create("r" + i)), 1000)
        .map(RSocketJavaServerDuplexClientTests::text)
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

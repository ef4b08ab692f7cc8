package dev.duplex.rsocket.core.connection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.rsocket.ConnectionListener;
import dev.duplex.rsocket.ConnectionSetupPayload;
import dev.duplex.rsocket.Payload;
import dev.duplex.rsocket.RSocket;
import dev.duplex.rsocket.RSocketConnection;
import dev.duplex.rsocket.SocketAcceptor;
import dev.duplex.rsocket.core.flow.Demand;
import dev.duplex.rsocket.error.ApplicationErrorException;
import dev.duplex.rsocket.error.ClosedConnectionException;
import dev.duplex.rsocket.error.CustomRSocketException;
import dev.duplex.rsocket.error.RejectedSetupException;
import dev.duplex.rsocket.test.TestConnection;
import io.netty.channel.DefaultEventLoop;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

/** The four interactions and metadata push between our client and server, in memory. */
class ConnectionInteractionsTests {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final DefaultEventLoop loop = new DefaultEventLoop();
  private RSocketConnection client;

  @AfterEach
  void close() throws InterruptedException {
    if (client != null) {
      client.dispose();
      client.onClose().onErrorComplete().block(TIMEOUT);
    }
    loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
  }

  private RSocketConnection connect(SocketAcceptor serverAcceptor) {
    return connect(serverAcceptor, SocketAcceptor.with(new RSocket() { }));
  }

  private RSocketConnection connect(SocketAcceptor serverAcceptor, SocketAcceptor clientAcceptor) {
    return connect(serverAcceptor, clientAcceptor, ConnectionSettings.DEFAULTS,
        ConnectionSettings.DEFAULTS);
  }

  private RSocketConnection connect(SocketAcceptor serverAcceptor, SocketAcceptor clientAcceptor,
      ConnectionSettings serverSettings, ConnectionSettings clientSettings) {
    TestConnection[] pair = TestConnection.pair(loop);
    loop.execute(() -> ConnectionHandler.serve(pair[1], serverAcceptor, Duration.ofSeconds(10),
        serverSettings, ConnectionListener.NONE));
    client = ConnectionHandler.connect(pair[0], new ConnectionSetupPayload(1, 0,
        Duration.ofSeconds(20), Duration.ofSeconds(90), "message/x.rsocket.composite-metadata.v0",
        "application/json", Payload.create("setup-data", "setup-metadata")), clientAcceptor,
        clientSettings, ConnectionListener.NONE).block(TIMEOUT);
    return client;
  }

  private static final RSocket ECHO = new RSocket() {
    @Override
    public Mono<Payload> requestResponse(Payload payload) {
      return Mono.just(payload);
    }

    @Override
    public Flux<Payload> requestChannel(Publisher<Payload> payloads) {
      return Flux.from(payloads);
    }
  };

  @Test
  void requestResponseEchoesDataAndMetadata() {
    connect(SocketAcceptor.with(ECHO));

    StepVerifier.create(client.requestResponse(Payload.create("hello", "meta")))
        .assertNext(answer -> {
          assertThat(answer.dataUtf8()).isEqualTo("hello");
          assertThat(answer.metadataUtf8()).isEqualTo("meta");
          answer.release();
        })
        .expectComplete()
        .verify(TIMEOUT);
  }

  @Test
  void requestResponseWithAnEmptyAnswerCompletesEmpty() {
    connect(SocketAcceptor.with(new RSocket() {
      @Override
      public Mono<Payload> requestResponse(Payload payload) {
        payload.release();
        return Mono.empty();
      }
    }));

    StepVerifier.create(client.requestResponse(Payload.create("x"))).expectComplete()
        .verify(TIMEOUT);
  }

  @Test
  void acceptorSeesTheSetup() {
    Sinks.One<String> seen = Sinks.one();
    connect((setup, requester) -> {
      seen.tryEmitValue(setup.majorVersion() + "." + setup.minorVersion() + " "
          + setup.dataMimeType() + " " + setup.metadataMimeType() + " "
          + setup.keepAliveInterval().toSeconds() + "/" + setup.keepAliveMaxLifetime().toSeconds()
          + " " + setup.payload().dataUtf8() + " " + setup.payload().metadataUtf8());
      return Mono.just(ECHO);
    });

    StepVerifier.create(seen.asMono())
        .expectNext("1.0 application/json message/x.rsocket.composite-metadata.v0 20/90 "
            + "setup-data setup-metadata")
        .expectComplete().verify(TIMEOUT);
    assertThat(client.dataMimeType()).isEqualTo("application/json");
  }

  @Test
  void fireAndForgetIsDelivered() {
    Sinks.One<String> received = Sinks.one();
    connect(SocketAcceptor.with(new RSocket() {
      @Override
      public Mono<Void> fireAndForget(Payload payload) {
        received.tryEmitValue(payload.dataUtf8());
        payload.release();
        return Mono.empty();
      }
    }));

    StepVerifier.create(client.fireAndForget(Payload.create("fire"))).expectComplete()
        .verify(TIMEOUT);
    StepVerifier.create(received.asMono()).expectNext("fire").expectComplete().verify(TIMEOUT);
  }

  @Test
  void requestStreamDeliversExactlyWhatIsRequested() {
    List<Long> requested = new CopyOnWriteArrayList<>();
    CountDownLatch canceled = new CountDownLatch(1);
    connect(SocketAcceptor.with(new RSocket() {
      @Override
      public Flux<Payload> requestStream(Payload payload) {
        payload.release();
        return Flux.range(0, 1000).map(i -> Payload.create("item-" + i))
            .doOnRequest(requested::add)
            .doOnCancel(canceled::countDown);
      }
    }));

    StepVerifier.create(client.requestStream(Payload.create("go")).map(ConnectionInteractionsTests::text), 0)
        .thenRequest(5)
        .expectNext("item-0", "item-1", "item-2", "item-3", "item-4")
        .expectNoEvent(Duration.ofMillis(50))
        .then(() -> assertThat(requested).containsExactly(5L))
        .thenRequest(5)
        .expectNextCount(5)
        .then(() -> assertThat(requested).containsExactly(5L, 5L))
        .thenCancel()
        .verify(TIMEOUT);
    assertAwait(canceled);
  }

  @Test
  void requestStreamUnboundedReceivesEverything() {
    connect(SocketAcceptor.with(new RSocket() {
      @Override
      public Flux<Payload> requestStream(Payload payload) {
        payload.release();
        return Flux.range(0, 10_000).map(i -> Payload.create(Integer.toString(i)));
      }
    }));

    StepVerifier.create(client.requestStream(Payload.create("all")).map(ConnectionInteractionsTests::text))
        .expectNextCount(10_000)
        .expectComplete()
        .verify(TIMEOUT);
  }

  @Test
  void channelEchoesBothWaysAndCompletesEachSide() {
    connect(SocketAcceptor.with(ECHO));

    StepVerifier.create(client.requestChannel(Flux.just("a", "b", "c").map(Payload::create))
            .map(ConnectionInteractionsTests::text))
        .expectNext("a", "b", "c")
        .expectComplete()
        .verify(TIMEOUT);
  }

  @Test
  void channelResponderMayCompleteBeforeTheRequester() {
    CountDownLatch requesterCanceled = new CountDownLatch(1);
    connect(SocketAcceptor.with(new RSocket() {
      @Override
      public Flux<Payload> requestChannel(Publisher<Payload> payloads) {
        return Flux.from(payloads).take(2).map(p -> {
          String text = p.dataUtf8();
          p.release();
          return Payload.create("got " + text);
        });
      }
    }));

    Flux<Payload> outbound = Flux.<Payload, Integer>generate(() -> 0, (i, sink) -> {
      sink.next(Payload.create("n" + i));
      return i + 1;
    }).doOnCancel(requesterCanceled::countDown);
    StepVerifier.create(client.requestChannel(outbound).map(ConnectionInteractionsTests::text))
        .expectNext("got n0", "got n1")
        .expectComplete()
        .verify(TIMEOUT);
    assertAwait(requesterCanceled);
  }

  @Test
  void requesterCancelingAChannelCancelsTheResponder() {
    CountDownLatch responderCanceled = new CountDownLatch(1);
    connect(SocketAcceptor.with(new RSocket() {
      @Override
      public Flux<Payload> requestChannel(Publisher<Payload> payloads) {
        Flux.from(payloads).subscribe(Payload::release);
        return Flux.<Payload>never().doOnCancel(responderCanceled::countDown);
      }
    }));

    StepVerifier.create(client.requestChannel(Flux.just(Payload.create("first"))))
        .expectSubscription()
        .expectNoEvent(Duration.ofMillis(20))
        .thenCancel()
        .verify(TIMEOUT);
    assertAwait(responderCanceled);
  }

  @Test
  void cancelingARequestResponseCancelsTheResponder() {
    CountDownLatch responderCanceled = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    connect(SocketAcceptor.with(new RSocket() {
      @Override
      public Mono<Payload> requestResponse(Payload payload) {
        payload.release();
        return Mono.<Payload>never().doOnSubscribe(s -> started.countDown())
            .doOnCancel(responderCanceled::countDown);
      }
    }));

    StepVerifier.create(client.requestResponse(Payload.create("slow")))
        .expectSubscription()
        .then(() -> assertAwait(started))
        .thenCancel()
        .verify(TIMEOUT);
    assertAwait(responderCanceled);
  }

  @Test
  void responderErrorsReachTheRequesterWithTheirCodeAndMessage() {
    connect(SocketAcceptor.with(new RSocket() {
      @Override
      public Mono<Payload> requestResponse(Payload payload) {
        String text = payload.dataUtf8();
        payload.release();
        return text.equals("custom")
            ? Mono.error(new CustomRSocketException(0x0000_0301, "custom failure"))
            : Mono.error(new IllegalStateException("boom"));
      }
    }));

    StepVerifier.create(client.requestResponse(Payload.create("custom")))
        .expectErrorSatisfies(error -> {
          assertThat(error).isInstanceOf(CustomRSocketException.class)
              .hasMessage("custom failure");
          assertThat(((CustomRSocketException) error).errorCode()).isEqualTo(0x0000_0301);
        })
        .verify(TIMEOUT);
    StepVerifier.create(client.requestResponse(Payload.create("other")))
        .expectErrorSatisfies(error -> assertThat(error)
            .isInstanceOf(ApplicationErrorException.class).hasMessage("boom"))
        .verify(TIMEOUT);
  }

  @Test
  void unimplementedInteractionsAnswerWithApplicationError() {
    connect(SocketAcceptor.with(new RSocket() { }));

    StepVerifier.create(client.requestStream(Payload.create("x")))
        .expectErrorSatisfies(error -> assertThat(error)
            .isInstanceOf(ApplicationErrorException.class)
            .hasMessage("Request-Stream not implemented."))
        .verify(TIMEOUT);
  }

  @Test
  void metadataPushIsDelivered() {
    Sinks.One<String> received = Sinks.one();
    connect(SocketAcceptor.with(new RSocket() {
      @Override
      public Mono<Void> metadataPush(Payload payload) {
        received.tryEmitValue(payload.metadataUtf8());
        payload.release();
        return Mono.empty();
      }
    }));

    StepVerifier.create(client.metadataPush(Payload.create("", "pushed"))).expectComplete()
        .verify(TIMEOUT);
    StepVerifier.create(received.asMono()).expectNext("pushed").expectComplete().verify(TIMEOUT);
  }

  @Test
  void serverRequestsAreAnsweredByTheClientOnTheSameConnection() {
    Sinks.One<String> answer = Sinks.one();
    SocketAcceptor server = (setup, requester) -> {
      requester.requestResponse(Payload.create("who are you?"))
          .map(ConnectionInteractionsTests::text)
          .subscribe(answer::tryEmitValue, answer::tryEmitError);
      return Mono.just(ECHO);
    };
    SocketAcceptor clientSide = SocketAcceptor.with(new RSocket() {
      @Override
      public Mono<Payload> requestResponse(Payload payload) {
        payload.release();
        return Mono.just(Payload.create("the client"));
      }
    });
    connect(server, clientSide);

    StepVerifier.create(answer.asMono()).expectNext("the client").expectComplete().verify(TIMEOUT);
  }

  @Test
  void rejectedSetupFailsRequestsWithTheAcceptorsMessage() {
    connect((setup, requester) -> Mono.error(new IllegalStateException("go away")));

    StepVerifier.create(client.onClose())
        .expectErrorSatisfies(error -> assertThat(error)
            .isInstanceOf(RejectedSetupException.class).hasMessage("go away"))
        .verify(TIMEOUT);
    StepVerifier.create(client.requestResponse(Payload.create("late")))
        .expectErrorSatisfies(error -> assertThat(error)
            .isInstanceOf(ClosedConnectionException.class)
            .hasRootCauseInstanceOf(RejectedSetupException.class))
        .verify(TIMEOUT);
  }

  @Test
  void aConnectionClosedBeforeTheAcceptorDecidesCancelsItAndReleasesTheSetup() {
    CountDownLatch acceptorCanceled = new CountDownLatch(1);
    connect((setup, requester) -> Mono.<RSocket>never().doOnCancel(acceptorCanceled::countDown));

    client.dispose();
    // the setup payload ("setup-data") held for the acceptor is released: the leak check at the
    // end of this class fails otherwise
    assertAwait(acceptorCanceled);
  }

  @Test
  void thousandConcurrentRequestResponsesAllGetTheirOwnAnswer() {
    connect(SocketAcceptor.with(ECHO));

    Set<String> answers = Flux.range(0, 1000)
        .flatMap(i -> client.requestResponse(Payload.create("r" + i)), 1000)
        .map(ConnectionInteractionsTests::text)
        .collect(Collectors.toSet())
        .block(TIMEOUT);

    assertThat(answers).hasSize(1000).contains("r0", "r999");
  }

  @Test
  void disposingTheConnectionFailsOutstandingStreamsOnBothSides() {
    CountDownLatch responderCanceled = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    connect(SocketAcceptor.with(new RSocket() {
      @Override
      public Flux<Payload> requestStream(Payload payload) {
        payload.release();
        return Flux.<Payload>never().doOnSubscribe(s -> started.countDown())
            .doOnCancel(responderCanceled::countDown);
      }
    }));

    StepVerifier.create(client.requestStream(Payload.create("forever")))
        .expectSubscription()
        .then(() -> assertAwait(started))
        .then(client::dispose)
        .expectErrorSatisfies(error -> assertThat(error)
            .isInstanceOf(ClosedConnectionException.class)
            .hasMessage("Connection disposed"))
        .verify(TIMEOUT);
    assertAwait(responderCanceled);
    StepVerifier.create(client.onClose()).expectComplete().verify(TIMEOUT);
  }

  @Test
  void requesterChannelErrorReachesTheResponder() {
    Sinks.One<Throwable> seen = Sinks.one();
    connect(SocketAcceptor.with(new RSocket() {
      @Override
      public Flux<Payload> requestChannel(Publisher<Payload> payloads) {
        return Flux.from(payloads).doOnNext(Payload::release)
            .doOnError(seen::tryEmitValue).thenMany(Flux.never());
      }
    }));

    Flux<Payload> failing = Flux.just(Payload.create("first"))
        .concatWith(Mono.error(new IllegalArgumentException("upstream broke")));
    StepVerifier.create(client.requestChannel(failing))
        .expectErrorMessage("upstream broke")
        .verify(TIMEOUT);
    StepVerifier.create(seen.asMono())
        .assertNext(error -> assertThat(error).isInstanceOf(ApplicationErrorException.class)
            .hasMessage("upstream broke"))
        .expectComplete().verify(TIMEOUT);
  }

  @Test
  void unboundedDemandReachesThePublisherInBatches() {
    List<Long> requested = new CopyOnWriteArrayList<>();
    connect(SocketAcceptor.with(new RSocket() {
      @Override
      public Flux<Payload> requestStream(Payload payload) {
        payload.release();
        return Flux.range(0, 1000).map(i -> Payload.create("i" + i)).doOnRequest(requested::add);
      }
    }));

    // the requester asks for Long.MAX_VALUE, sent as 2^31-1 and read back as unbounded (checklist
    // #135); the responder asks its publisher a batch at a time so memory stays bounded
    StepVerifier.create(client.requestStream(Payload.create("x")).map(ConnectionInteractionsTests::text))
        .expectNextCount(1000).expectComplete().verify(TIMEOUT);
    assertThat(requested).first().isEqualTo(Demand.BATCH);
    assertThat(requested).allMatch(n -> n <= Demand.BATCH);
    assertThat(requested.stream().mapToLong(Long::longValue).sum()).isGreaterThanOrEqualTo(1000);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 32, 64 * 1024, 1024 * 1024, 16 * 1024 * 1024 + 1})
  void fragmentedRequestResponseEchoesEverySize(int size) {
    ConnectionSettings mtu64k = ConnectionSettings.DEFAULTS.withMtu(64 * 1024)
        .withMaxInboundPayloadSize(32 * 1024 * 1024);
    connect(SocketAcceptor.with(ECHO), SocketAcceptor.with(new RSocket() { }), mtu64k, mtu64k);
    byte[] data = new byte[size];
    new java.util.Random(size).nextBytes(data);
    byte[] metadata = new byte[Math.min(size, 100_000)];
    new java.util.Random(-size).nextBytes(metadata);

    StepVerifier.create(client.requestResponse(Payload.create(data, metadata)))
        .assertNext(answer -> {
          try {
            assertThat(io.netty.buffer.ByteBufUtil.getBytes(answer.data())).isEqualTo(data);
            assertThat(io.netty.buffer.ByteBufUtil.getBytes(answer.metadata()))
                .isEqualTo(metadata);
          } finally {
            answer.release();
          }
        })
        .expectComplete()
        .verify(Duration.ofSeconds(20));
  }

  @Test
  void fragmentedStreamAndChannelPayloadsArriveWhole() {
    ConnectionSettings mtu64 = ConnectionSettings.DEFAULTS.withMtu(64);
    connect(SocketAcceptor.with(new RSocket() {
      @Override
      public Flux<Payload> requestStream(Payload payload) {
        String text = payload.dataUtf8();
        payload.release();
        return Flux.range(0, 5).map(i -> Payload.create(text.repeat(10 + i), "m".repeat(70)));
      }

      @Override
      public Flux<Payload> requestChannel(Publisher<Payload> payloads) {
        return Flux.from(payloads);
      }
    }), SocketAcceptor.with(new RSocket() { }), mtu64, mtu64);

    StepVerifier.create(client.requestStream(Payload.create("0123456789")).map(p -> {
      try {
        return p.dataUtf8().length() + "/" + p.metadataUtf8().length();
      } finally {
        p.release();
      }
    }))
        .expectNext("100/70", "110/70", "120/70", "130/70", "140/70")
        .expectComplete()
        .verify(TIMEOUT);
    String big = "x".repeat(500);
    StepVerifier.create(client.requestChannel(Flux.just(big, big + "y").map(Payload::create))
            .map(ConnectionInteractionsTests::text))
        .expectNext(big, big + "y")
        .expectComplete()
        .verify(TIMEOUT);
  }

  private static String text(Payload payload) {
    try {
      return payload.dataUtf8();
    } finally {
      payload.release();
    }
  }

  private static void assertAwait(CountDownLatch latch) {
    try {
      assertThat(latch.await(5, TimeUnit.SECONDS)).as("latch released in time").isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}

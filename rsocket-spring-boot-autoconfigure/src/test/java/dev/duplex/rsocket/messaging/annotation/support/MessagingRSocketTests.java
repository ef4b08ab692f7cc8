package dev.duplex.rsocket.messaging.annotation.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.rsocket.Payload;
import dev.duplex.rsocket.RSocket;
import dev.duplex.rsocket.frame.metadata.RoutingMetadata;
import dev.duplex.rsocket.messaging.MetadataExtractor;
import dev.duplex.rsocket.messaging.RSocketRequester;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.util.MimeTypeUtils;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * Buffer ownership of {@link MessagingRSocket}: every request payload is released, whichever way
 * handling ends (after Spring's {@code RSocketBufferLeakTests}). Payloads are pooled buffers, so
 * the engine's leak extension also fails the class on a leak.
 */
class MessagingRSocketTests {

  private final LeakController controller = new LeakController();

  private MessagingRSocket responder;

  @BeforeEach
  void setUp() {
    RSocketMessageHandler handler = new RSocketMessageHandler();
    handler.setHandlers(List.of(this.controller));
    handler.afterPropertiesSet();
    RSocketRequester requester = RSocketRequester.wrap(new RSocket() { },
        MimeTypeUtils.TEXT_PLAIN, MetadataExtractor.ROUTING, handler.getRSocketStrategies());
    this.responder = new MessagingRSocket(MimeTypeUtils.TEXT_PLAIN, MetadataExtractor.ROUTING,
        handler.getMetadataExtractor(), requester, handler,
        handler.getRSocketStrategies().routeMatcher(), handler.getRSocketStrategies());
  }

  @Test
  void requestResponseReleasesPayloadTheHandlerIgnores() {
    Payload payload = payload("ignore-input", "data");
    StepVerifier.create(this.responder.requestResponse(payload).map(MessagingRSocketTests::consume))
        .expectNext("ignored")
        .verifyComplete();
    assertThat(payload.refCnt()).isZero();
  }

  @Test
  void requestResponseReleasesPayloadWithNoHandler() {
    Payload payload = payload("no-such-route", "data");
    StepVerifier.create(this.responder.requestResponse(payload))
        .expectErrorMessage("No handler for destination 'no-such-route'")
        .verify(Duration.ofSeconds(5));
    assertThat(payload.refCnt()).isZero();
  }

  @Test
  void requestResponseReleasesPayloadWhenHandlerThrows() {
    Payload payload = payload("throw-at-assembly", "data");
    StepVerifier.create(this.responder.requestResponse(payload))
        .expectErrorMessage("assembly failed")
        .verify(Duration.ofSeconds(5));
    assertThat(payload.refCnt()).isZero();
  }

  @Test
  void requestResponseReleasesPayloadWhenErrorAtSubscription() {
    Payload payload = payload("error-at-subscription", "data");
    StepVerifier.create(this.responder.requestResponse(payload))
        .expectErrorMessage("subscription failed")
        .verify(Duration.ofSeconds(5));
    assertThat(payload.refCnt()).isZero();
  }

  @Test
  void requestStreamReleasesPayloadOnCancel() {
    Payload payload = payload("stream", "data");
    StepVerifier.create(this.responder.requestStream(payload).map(MessagingRSocketTests::consume))
        .expectNext("data 0")
        .thenCancel()
        .verify(Duration.ofSeconds(5));
    assertThat(payload.refCnt()).isZero();
  }

  @Test
  void requestStreamToResponseHandlerFailsAndReleases() {
    Payload payload = payload("ignore-input", "data");
    StepVerifier.create(this.responder.requestStream(payload))
        .expectErrorMessage("Destination 'ignore-input' does not support REQUEST_STREAM. "
            + "Supported interaction(s): [REQUEST_RESPONSE]")
        .verify(Duration.ofSeconds(5));
    assertThat(payload.refCnt()).isZero();
  }

  @Test
  void requestChannelReleasesEveryPayload() {
    Payload first = payload("channel", "a");
    Payload second = dataOnly("b");
    Payload third = dataOnly("c");
    StepVerifier.create(this.responder.requestChannel(Flux.just(first, second, third))
            .map(MessagingRSocketTests::consume))
        .expectNext("A", "B", "C")
        .verifyComplete();
    assertThat(List.of(first.refCnt(), second.refCnt(), third.refCnt())).containsOnly(0);
  }

  @Test
  void requestChannelReleasesFirstPayloadTheHandlerIgnores() {
    Payload first = payload("channel-ignore-input", "a");
    StepVerifier.create(this.responder.requestChannel(Flux.just(first))
            .map(MessagingRSocketTests::consume))
        .expectNext("ignored")
        .verifyComplete();
    assertThat(first.refCnt()).isZero();
  }

  @Test
  void fireAndForgetAndMetadataPushReleaseWithNoHandler() {
    Payload fnf = payload("no-such-route", "data");
    StepVerifier.create(this.responder.fireAndForget(fnf)).verifyComplete();
    assertThat(fnf.refCnt()).isZero();

    Payload push = payload("no-such-route", "");
    StepVerifier.create(this.responder.metadataPush(push)).verifyComplete();
    assertThat(push.refCnt()).isZero();
  }

  @Test
  void fireAndForgetReleasesPayloadTheHandlerIgnores() {
    Payload payload = payload("fnf-ignore-input", "data");
    StepVerifier.create(this.responder.fireAndForget(payload)).verifyComplete();
    assertThat(payload.refCnt()).isZero();
    assertThat(this.controller.fireAndForgetCount).isOne();
  }

  @Test
  void undecodableMetadataFailsAndReleases() {
    ByteBuf metadata = PooledByteBufAllocator.DEFAULT.buffer().writeByte(10); // tag longer than buffer
    Payload payload = Payload.create(utf8("data"), metadata);
    StepVerifier.create(this.responder.requestResponse(payload))
        .expectError()
        .verify(Duration.ofSeconds(5));
    assertThat(payload.refCnt()).isZero();
  }

  private static Payload payload(String route, String data) {
    ByteBuf metadata = PooledByteBufAllocator.DEFAULT.buffer();
    RoutingMetadata.encode(metadata, route);
    return Payload.create(utf8(data), metadata);
  }

  private static Payload dataOnly(String data) {
    return Payload.create(utf8(data));
  }

  private static ByteBuf utf8(String text) {
    ByteBuf buf = PooledByteBufAllocator.DEFAULT.buffer();
    ByteBufUtil.writeUtf8(buf, text);
    return buf;
  }

  /** The response's data as text; releases the response payload. */
  private static String consume(Payload payload) {
    try {
      return payload.dataUtf8();
    } finally {
      payload.release();
    }
  }

  static class LeakController {

    int fireAndForgetCount;

    @MessageMapping("ignore-input")
    String ignoreInput() {
      return "ignored";
    }

    @MessageMapping("fnf-ignore-input")
    void fireAndForgetIgnoreInput() {
      this.fireAndForgetCount++;
    }

    @MessageMapping("throw-at-assembly")
    Mono<String> throwAtAssembly(String payload) {
      throw new IllegalStateException("assembly failed");
    }

    @MessageMapping("error-at-subscription")
    Mono<String> errorAtSubscription(String payload) {
      return Mono.error(new IllegalStateException("subscription failed"));
    }

    @MessageMapping("stream")
    Flux<String> stream(String payload) {
      return Flux.range(0, Integer.MAX_VALUE).map(i -> payload + " " + i);
    }

    @MessageMapping("channel")
    Flux<String> channel(Flux<String> payloads) {
      return payloads.map(String::toUpperCase);
    }

    @MessageMapping("channel-ignore-input")
    Flux<String> channelIgnoreInput(Flux<String> payloads) {
      return Flux.just("ignored");
    }
  }
}

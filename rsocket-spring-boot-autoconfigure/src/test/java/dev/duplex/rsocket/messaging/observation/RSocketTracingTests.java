package dev.duplex.rsocket.messaging.observation;

import static org.assertj.core.api.Assertions.assertThat;

import brave.Span.Kind;
import brave.handler.MutableSpan;
import brave.propagation.B3Propagation;
import brave.propagation.Propagation;
import dev.duplex.rsocket.frame.metadata.WellKnownMimeType;
import dev.duplex.rsocket.frame.metadata.ZipkinTracingMetadata;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.tracing.brave.bridge.W3CPropagation;
import io.netty.buffer.ByteBufAllocator;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.util.MimeType;
import reactor.core.publisher.Hooks;

/**
 * A trace started on the client is seen by the server's handler: a real tracer (Brave) on each
 * side, each with its own {@code Tracing}, so that the trace context can only cross in the
 * request's composite metadata, over a real TCP connection between our requester and our
 * {@code RSocketMessageHandler}.
 */
class RSocketTracingTests {

  private static final Duration TIMEOUT = ObservedConnection.TIMEOUT;

  static Stream<Arguments> propagations() {
    return Stream.of(
        Arguments.of("W3C traceparent", new W3CPropagation()),
        Arguments.of("B3", B3Propagation.FACTORY));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("propagations")
  void traceStartedOnTheClientIsSeenByTheServerHandler(String name, Propagation.Factory factory)
      throws InterruptedException {
    try (BraveTracing client = new BraveTracing("client", factory);
        BraveTracing server = new BraveTracing("server", factory);
        ObservedConnection connection = new ObservedConnection(
            new TracingController(server.tracer), server.registry, client.registry)) {

      Observation work = Observation.start("client.work", client.registry);
      String seen = connection.requester.route("trace").retrieveMono(String.class)
          .contextWrite(context -> context.put(ObservationThreadLocalAccessor.KEY, work))
          .block(TIMEOUT);
      work.stop();

      // the requester's span ends when the request's Mono ends, which may be after work.stop()
      Map<String, MutableSpan> clientSpans = Stream.of(
              client.nextFinishedSpan(), client.nextFinishedSpan())
          .collect(Collectors.toMap(MutableSpan::name, span -> span));
      MutableSpan workSpan = clientSpans.get("client.work");
      MutableSpan requesterSpan = clientSpans.get("request-response trace");
      MutableSpan responderSpan = server.nextFinishedSpan();

      assertThat(clientSpans).containsOnlyKeys("client.work", "request-response trace");
      assertThat(requesterSpan.kind()).isEqualTo(Kind.CLIENT);
      assertThat(requesterSpan.traceId()).isEqualTo(workSpan.traceId());
      assertThat(requesterSpan.parentId()).isEqualTo(workSpan.id());
      assertThat(requesterSpan.tags()).containsEntry("rsocket.route", "trace")
          .containsEntry("rsocket.interaction", "request-response");

      assertThat(responderSpan.name()).isEqualTo("request-response trace");
      assertThat(responderSpan.kind()).isEqualTo(Kind.SERVER);
      assertThat(responderSpan.traceId()).isEqualTo(workSpan.traceId());
      assertThat(responderSpan.parentId()).isEqualTo(requesterSpan.id());
      assertThat(responderSpan.localServiceName()).isEqualTo("server");

      assertThat(seen).isEqualTo(workSpan.traceId() + "/" + requesterSpan.id());
    }
  }

  @Test
  void plainHandlerMethodSeesTheSpanWithAutomaticContextPropagation()
      throws InterruptedException {
    try (BraveTracing client = new BraveTracing("client", new W3CPropagation());
        BraveTracing server = new BraveTracing("server", new W3CPropagation());
        ObservedConnection connection = new ObservedConnection(
            new TracingController(server.tracer), server.registry, client.registry)) {
      // what spring.reactor.context-propagation=auto and Boot's observation setup do
      Hooks.enableAutomaticContextPropagation();
      ObservationThreadLocalAccessor.getInstance().setObservationRegistry(server.registry);
      try {
        String seen = connection.requester.route("current").retrieveMono(String.class)
            .block(TIMEOUT);

        MutableSpan requesterSpan = client.nextFinishedSpan();
        assertThat(seen).isEqualTo(requesterSpan.traceId() + "/" + requesterSpan.id());
      } finally {
        Hooks.disableAutomaticContextPropagation();
        ObservationThreadLocalAccessor.getInstance()
            .setObservationRegistry(ObservationRegistry.NOOP);
      }
    }
  }

  @Test
  void zipkinTracingMetadataFromTheSpecExtensionIsContinued() throws InterruptedException {
    try (BraveTracing server = new BraveTracing("server", B3Propagation.FACTORY);
        ObservedConnection connection = new ObservedConnection(
            new TracingController(server.tracer), server.registry, ObservationRegistry.NOOP)) {
      ZipkinTracingMetadata tracing = ZipkinTracingMetadata
          .of(0x0af7651916cd43ddL, 0x00f067aa0ba902b7L, ZipkinTracingMetadata.Sampling.SAMPLED);

      String seen = connection.requester.route("trace")
          .metadata(tracing.encode(ByteBufAllocator.DEFAULT),
              MimeType.valueOf(WellKnownMimeType.MESSAGE_RSOCKET_TRACING_ZIPKIN.string()))
          .retrieveMono(String.class)
          .block(TIMEOUT);

      MutableSpan responderSpan = server.nextFinishedSpan();
      assertThat(responderSpan.traceId()).isEqualTo("0af7651916cd43dd");
      assertThat(responderSpan.parentId()).isEqualTo("00f067aa0ba902b7");
      assertThat(seen).isEqualTo("0af7651916cd43dd/00f067aa0ba902b7");
    }
  }
}

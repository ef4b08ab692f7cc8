package dev.duplex.rsocket.messaging.observation;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import brave.handler.MutableSpan;
import dev.duplex.rsocket.messaging.RSocketRequester;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.brave.bridge.W3CPropagation;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.rsocket.Payload;
import io.rsocket.RSocket;
import io.rsocket.SocketAcceptor;
import io.rsocket.core.RSocketConnector;
import io.rsocket.metadata.CompositeMetadata;
import io.rsocket.metadata.CompositeMetadataCodec;
import io.rsocket.metadata.RoutingMetadata;
import io.rsocket.metadata.TaggingMetadataCodec;
import io.rsocket.metadata.WellKnownMimeType;
import io.rsocket.transport.netty.client.TcpClientTransport;
import io.rsocket.transport.netty.server.CloseableChannel;
import io.rsocket.transport.netty.server.TcpServerTransport;
import io.rsocket.util.ByteBufPayload;
import io.rsocket.util.DefaultPayload;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.util.MimeTypeUtils;
import reactor.core.publisher.Mono;

/**
 * The trace context crosses to and from rsocket-java 1.1.5 peers: our requester's
 * {@code traceparent} entry is decoded by rsocket-java's composite metadata reader, and our
 * responder continues a trace from a {@code traceparent} entry written as rsocket-java's
 * {@code rsocket-micrometer} writes it (with {@code encodeAndAddMetadataWithCompression}).
 */
class TraceContextInteropTests {

  private static final Duration TIMEOUT = ObservedConnection.TIMEOUT;

  private static final String ROUTING = WellKnownMimeType.MESSAGE_RSOCKET_ROUTING.getString();

  @Test
  void rsocketJavaResponderDecodesTheTraceparentEntryOfOurRequester() throws Exception {
    CompletableFuture<Map<String, String>> entries = new CompletableFuture<>();
    CloseableChannel server = rsocketJavaServerCapturingMetadata(entries);
    try (BraveTracing client = new BraveTracing("client", new W3CPropagation())) {
      RSocketRequester requester = RSocketRequester.builder()
          .dataMimeType(MimeTypeUtils.TEXT_PLAIN)
          .observationRegistry(client.registry)
          .tcp("127.0.0.1", server.address().getPort());
      try {
        assertThat(requester.route("trace").data("hi").retrieveMono(String.class).block(TIMEOUT))
            .isEqualTo("ok");
      } finally {
        requester.dispose();
      }

      MutableSpan requesterSpan = client.nextFinishedSpan();
      assertThat(entries.get(5, TimeUnit.SECONDS)).containsExactly(
          Map.entry(ROUTING, "trace"),
          Map.entry("traceparent",
              "00-" + requesterSpan.traceId() + "-" + requesterSpan.id() + "-01"));
    } finally {
      server.dispose();
      server.onClose().onErrorComplete().block(TIMEOUT);
    }
  }

  @Test
  void requesterWithoutObservationsWritesNoTraceEntry() throws Exception {
    CompletableFuture<Map<String, String>> entries = new CompletableFuture<>();
    CloseableChannel server = rsocketJavaServerCapturingMetadata(entries);
    RSocketRequester requester = RSocketRequester.builder()
        .dataMimeType(MimeTypeUtils.TEXT_PLAIN)
        .observationRegistry(ObservationRegistry.NOOP)
        .tcp("127.0.0.1", server.address().getPort());
    try {
      requester.route("trace").data("hi").retrieveMono(String.class).block(TIMEOUT);
      assertThat(entries.get(5, TimeUnit.SECONDS)).containsExactly(Map.entry(ROUTING, "trace"));
    } finally {
      requester.dispose();
      server.dispose();
      server.onClose().onErrorComplete().block(TIMEOUT);
    }
  }

  @Test
  void ourResponderContinuesTheTraceOfAnRSocketJavaRequester() throws InterruptedException {
    try (BraveTracing server = new BraveTracing("server", new W3CPropagation());
        ObservedConnection connection = new ObservedConnection(
            new TracingController(server.tracer), server.registry, ObservationRegistry.NOOP)) {
      RSocket rsocket = RSocketConnector.create()
          .metadataMimeType(WellKnownMimeType.MESSAGE_RSOCKET_COMPOSITE_METADATA.getString())
          .dataMimeType("text/plain")
          .connect(TcpClientTransport.create("127.0.0.1", connection.port()))
          .block(TIMEOUT);
      try {
        ByteBufAllocator allocator = ByteBufAllocator.DEFAULT;
        CompositeByteBuf metadata = allocator.compositeBuffer();
        CompositeMetadataCodec.encodeAndAddMetadata(metadata, allocator,
            WellKnownMimeType.MESSAGE_RSOCKET_ROUTING,
            TaggingMetadataCodec.createRoutingMetadata(allocator, List.of("trace")).getContent());
        CompositeMetadataCodec.encodeAndAddMetadataWithCompression(metadata, allocator,
            "traceparent", ByteBufUtil.writeUtf8(allocator,
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));

        Payload response = rsocket
            .requestResponse(ByteBufPayload.create(Unpooled.EMPTY_BUFFER, metadata))
            .block(TIMEOUT);
        try {
          assertThat(response.getDataUtf8())
              .isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736/00f067aa0ba902b7");
        } finally {
          response.release();
        }
      } finally {
        rsocket.dispose();
      }

      MutableSpan responderSpan = server.nextFinishedSpan();
      assertThat(responderSpan.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
      assertThat(responderSpan.parentId()).isEqualTo("00f067aa0ba902b7");
    }
  }

  /**
   * An rsocket-java server that answers {@code ok} to a request-response and completes
   * {@code entries} with its composite metadata entries, read by rsocket-java, by MIME type.
   */
  private static CloseableChannel rsocketJavaServerCapturingMetadata(
      CompletableFuture<Map<String, String>> entries) {
    SocketAcceptor acceptor = SocketAcceptor.forRequestResponse(payload -> {
      try {
        Map<String, String> read = new LinkedHashMap<>();
        for (CompositeMetadata.Entry entry : new CompositeMetadata(payload.metadata(), false)) {
          String content = ROUTING.equals(entry.getMimeType())
              ? new RoutingMetadata(entry.getContent()).iterator().next()
              : entry.getContent().toString(UTF_8);
          read.put(entry.getMimeType(), content);
        }
        entries.complete(read);
      } catch (RuntimeException ex) {
        entries.completeExceptionally(ex);
      } finally {
        payload.release();
      }
      return Mono.just(DefaultPayload.create("ok"));
    });
    return io.rsocket.core.RSocketServer.create(acceptor)
        .bind(TcpServerTransport.create("127.0.0.1", 0))
        .block(TIMEOUT);
  }
}

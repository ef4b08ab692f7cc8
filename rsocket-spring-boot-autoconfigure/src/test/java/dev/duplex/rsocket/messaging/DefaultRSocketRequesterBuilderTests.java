package dev.duplex.rsocket.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.duplex.rsocket.ConnectionSetupPayload;
import dev.duplex.rsocket.Payload;
import dev.duplex.rsocket.RSocket;
import dev.duplex.rsocket.SocketAcceptor;
import dev.duplex.rsocket.core.RSocketClient;
import dev.duplex.rsocket.core.RSocketConnector;
import dev.duplex.rsocket.core.RSocketServer;
import dev.duplex.rsocket.transport.BoundServer;
import dev.duplex.rsocket.transport.ClientTransport;
import dev.duplex.rsocket.transport.tcp.TcpClientTransport;
import dev.duplex.rsocket.transport.tcp.TcpServerTransport;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import org.springframework.core.ResolvableType;
import org.springframework.core.codec.Decoder;
import org.springframework.core.codec.StringDecoder;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.util.MimeType;
import org.springframework.util.MimeTypeUtils;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Tests for {@link DefaultRSocketRequesterBuilder}: Spring's
 * {@code DefaultRSocketRequesterBuilderTests}, with the SETUP captured by an engine server on
 * {@code 127.0.0.1}.
 */
class DefaultRSocketRequesterBuilderTests {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private static final MimeType COMPOSITE = MetadataExtractor.COMPOSITE_METADATA;

  private final Sinks.One<ConnectionSetupPayload> setups = Sinks.one();

  private final List<RSocketRequester> requesters = new ArrayList<>();

  private final TestRSocketConnectorConfigurer connectorConfigurer =
      new TestRSocketConnectorConfigurer();

  private @Nullable ConnectionSetupPayload setup;

  private BoundServer server;

  private ClientTransport transport;

  @BeforeEach
  void startServer() {
    SocketAcceptor acceptor = (setupPayload, requester) -> {
      // Keep the SETUP payload beyond the acceptor: retained here, released after the test
      setupPayload.payload().retain();
      if (this.setups.tryEmitValue(setupPayload).isFailure()) {
        setupPayload.payload().release();
      }
      return Mono.just(new RSocket() {
        @Override
        public Mono<Void> fireAndForget(Payload payload) {
          payload.release();
          return Mono.empty();
        }
      });
    };
    this.server = RSocketServer.create(acceptor)
        .bind(TcpServerTransport.create("127.0.0.1", 0))
        .block(TIMEOUT);
    int port = ((InetSocketAddress) this.server.address()).getPort();
    this.transport = TcpClientTransport.create("127.0.0.1", port);
  }

  @AfterEach
  void stopServer() {
    this.requesters.forEach(RSocketRequester::dispose);
    if (this.setup != null) {
      this.setup.payload().release();
    }
    this.server.dispose();
    this.server.onClose().onErrorComplete().block(TIMEOUT);
  }

  @Test
  void rsocketConnectorConfigurer() {
    AtomicBoolean strategiesConfigured = new AtomicBoolean();
    RSocketRequester requester = build(RSocketRequester.builder()
        .rsocketConnector(this.connectorConfigurer)
        .rsocketConnector(connector -> connector.keepAlive(
            Duration.ofSeconds(7), Duration.ofSeconds(70)))
        .rsocketStrategies(builder -> strategiesConfigured.set(true)));

    // RSocketStrategies and RSocketConnector configurers should have been called
    assertThat(strategiesConfigured).isTrue();
    assertThat(this.connectorConfigurer.connector()).isNotNull();

    // the connector returned by the last configurer is the one that connects
    ConnectionSetupPayload setupPayload = connectionSetupPayload(requester);
    assertThat(setupPayload.keepAliveInterval()).isEqualTo(Duration.ofSeconds(7));
    assertThat(setupPayload.keepAliveMaxLifetime()).isEqualTo(Duration.ofSeconds(70));
  }

  @Test
  void rsocketConnectorConfigurerMustNotReturnNull() {
    assertThatIllegalStateException()
        .isThrownBy(() -> RSocketRequester.builder()
            .rsocketConnector(connector -> null)
            .transport(this.transport))
        .withMessageEndingWith("returned null");
  }

  @Test
  void defaultDataMimeType() {
    RSocketRequester requester = build(RSocketRequester.builder());

    assertThat(requester.dataMimeType())
        .as("Default data MimeType, based on the first Decoder")
        .isEqualTo(MimeTypeUtils.TEXT_PLAIN);
    assertThat(requester.metadataMimeType()).isEqualTo(COMPOSITE);

    ConnectionSetupPayload setupPayload = connectionSetupPayload(requester);
    assertThat(setupPayload.dataMimeType()).isEqualTo("text/plain");
    assertThat(setupPayload.metadataMimeType()).isEqualTo(COMPOSITE.toString());
    assertThat(setupPayload.payload().data().readableBytes()).isZero();
  }

  @Test
  void defaultDataMimeTypeWithCustomDecoderRegistered() {
    RSocketStrategies strategies = RSocketStrategies.builder()
        .decoder(new TestJsonDecoder(MimeTypeUtils.APPLICATION_JSON))
        .build();

    RSocketRequester requester = build(RSocketRequester.builder().rsocketStrategies(strategies));

    assertThat(requester.dataMimeType())
        .as("Default data MimeType, based on the first configured, non-default Decoder")
        .isEqualTo(MimeTypeUtils.APPLICATION_JSON);
    assertThat(requester.strategies()).isSameAs(strategies);
  }

  @Test
  void strategiesConfigurerMutatesStrategiesSet() {
    RSocketStrategies strategies = RSocketStrategies.create();

    RSocketRequester requester = build(RSocketRequester.builder()
        .rsocketStrategies(strategies)
        .rsocketStrategies(builder ->
            builder.decoder(new TestJsonDecoder(MimeTypeUtils.APPLICATION_JSON))));

    assertThat(requester.strategies()).isNotSameAs(strategies);
    assertThat(requester.strategies().decoders())
        .hasSize(strategies.decoders().size() + 1);
    assertThat(requester.dataMimeType()).isEqualTo(MimeTypeUtils.APPLICATION_JSON);
  }

  @Test
  void noDecodersIsRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RSocketRequester.builder()
            .rsocketStrategies(builder -> builder.decoders(List::clear))
            .transport(this.transport))
        .withMessage("No decoders");
  }

  @Test
  void dataMimeTypeExplicitlySet() {
    RSocketRequester requester = build(RSocketRequester.builder()
        .dataMimeType(MimeTypeUtils.APPLICATION_JSON));

    ConnectionSetupPayload setupPayload = connectionSetupPayload(requester);

    assertThat(setupPayload.dataMimeType()).isEqualTo("application/json");
    assertThat(requester.dataMimeType()).isEqualTo(MimeTypeUtils.APPLICATION_JSON);
  }

  @Test
  void mimeTypesCannotBeChangedAtRSocketConnectorLevel() {
    MimeType dataMimeType = MimeTypeUtils.APPLICATION_JSON;
    MimeType metaMimeType = MetadataExtractor.ROUTING;

    RSocketRequester requester = build(RSocketRequester.builder()
        .metadataMimeType(metaMimeType)
        .dataMimeType(dataMimeType)
        .rsocketConnector(connector -> connector
            .metadataMimeType("text/plain")
            .dataMimeType("application/xml")));

    ConnectionSetupPayload setupPayload = connectionSetupPayload(requester);

    assertThat(setupPayload.dataMimeType()).isEqualTo(dataMimeType.toString());
    assertThat(setupPayload.metadataMimeType()).isEqualTo(metaMimeType.toString());
    assertThat(requester.dataMimeType()).isEqualTo(dataMimeType);
    assertThat(requester.metadataMimeType()).isEqualTo(metaMimeType);
  }

  @Test
  void setupRoute() {
    RSocketRequester requester = build(RSocketRequester.builder()
        .dataMimeType(MimeTypeUtils.TEXT_PLAIN)
        .metadataMimeType(MimeTypeUtils.TEXT_PLAIN)
        .setupRoute("toA")
        .setupData("My data"));

    ConnectionSetupPayload setupPayload = connectionSetupPayload(requester);

    assertThat(setupPayload.payload().metadataUtf8()).isEqualTo("toA");
    assertThat(setupPayload.payload().dataUtf8()).isEqualTo("My data");
  }

  @Test
  void setupRouteWithVariablesInCompositeMetadata() {
    RSocketRequester requester = build(RSocketRequester.builder()
        .setupRoute("connect.{user}", "jane.doe")
        .setupMetadata("extra", new MimeType("text", "x.test.extra")));

    ConnectionSetupPayload setupPayload = connectionSetupPayload(requester);

    DefaultMetadataExtractor extractor = new DefaultMetadataExtractor(StringDecoder.allMimeTypes());
    extractor.metadataToExtract(new MimeType("text", "x.test.extra"), String.class, "extra");
    Map<String, Object> values = extractor.extract(setupPayload.payload(), COMPOSITE);
    assertThat(values)
        .containsEntry(MetadataExtractor.ROUTE_KEY, "connect.jane%2Edoe")
        .containsEntry("extra", "extra");
    assertThat(setupPayload.payload().dataUtf8()).isEmpty();
  }

  @Test
  void setupWithAsyncValues() {
    Mono<String> asyncMeta1 = Mono.delay(Duration.ofMillis(1)).map(l -> "Async Metadata 1");
    Mono<String> asyncMeta2 = Mono.delay(Duration.ofMillis(1)).map(l -> "Async Metadata 2");
    Mono<String> data = Mono.delay(Duration.ofMillis(1)).map(l -> "Async data");

    RSocketRequester requester = build(RSocketRequester.builder()
        .dataMimeType(MimeTypeUtils.TEXT_PLAIN)
        .setupRoute("toA")
        .setupMetadata(asyncMeta1, new MimeType("text", "x.test.metadata1"))
        .setupMetadata(asyncMeta2, new MimeType("text", "x.test.metadata2"))
        .setupData(data));

    // resolved when the first request connects
    assertThat(requester.rsocketClient()).isNotNull();
    assertThat(requester.rsocketClient().isConnected()).isFalse();
    requester.route("ping").send().block(TIMEOUT);
    ConnectionSetupPayload setupPayload = awaitSetup();
    assertThat(requester.rsocketClient().isConnected()).isTrue();

    DefaultMetadataExtractor extractor = new DefaultMetadataExtractor(StringDecoder.allMimeTypes());
    extractor.metadataToExtract(new MimeType("text", "x.test.metadata1"), String.class,
        "asyncMeta1");
    extractor.metadataToExtract(new MimeType("text", "x.test.metadata2"), String.class,
        "asyncMeta2");
    Map<String, Object> metadataValues = extractor.extract(setupPayload.payload(), COMPOSITE);

    assertThat(metadataValues.get(MetadataExtractor.ROUTE_KEY)).isEqualTo("toA");
    assertThat(metadataValues.get("asyncMeta1")).isEqualTo("Async Metadata 1");
    assertThat(metadataValues.get("asyncMeta2")).isEqualTo("Async Metadata 2");
    assertThat(setupPayload.payload().dataUtf8()).isEqualTo("Async data");
  }

  @Test
  void asyncSetupValueErrorFailsTheRequestAndReleasesItsPayload() {
    RSocketRequester requester = build(RSocketRequester.builder()
        .setupData(Mono.error(new IllegalStateException("no setup data"))));

    assertThatIllegalStateException()
        .isThrownBy(() -> requester.route("ping").data("data").send().block(TIMEOUT))
        .withMessage("no setup data");
    assertThat(requester.rsocketClient().isConnected()).isFalse();
  }

  @Test
  void asyncSetupValuesAreResolvedAgainAfterAnError() {
    AtomicInteger attempts = new AtomicInteger();
    Mono<String> data = Mono.defer(() -> attempts.incrementAndGet() == 1
        ? Mono.error(new IllegalStateException("not yet"))
        : Mono.just("second try"));
    RSocketRequester requester = build(RSocketRequester.builder().setupData(data));

    assertThatIllegalStateException()
        .isThrownBy(() -> requester.route("ping").send().block(TIMEOUT))
        .withMessage("not yet");
    requester.route("ping").send().block(TIMEOUT);

    assertThat(awaitSetup().payload().dataUtf8()).isEqualTo("second try");
    assertThat(attempts).hasValue(2);
  }

  @Test
  void setupDataWithoutEncoderIsRejectedByTransport() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RSocketRequester.builder()
            .setupRoute("toA")
            .setupData(new Object())
            .transport(this.transport))
        .withMessage("No encoder for java.lang.Object");
  }

  @Test
  void clientRequesterSendsThroughItsClient() {
    RSocketRequester requester = build(RSocketRequester.builder());

    RSocketClient client = requester.rsocketClient();
    assertThat(client).isNotNull();
    assertThat(requester.rsocket()).isSameAs(client);
    assertThat(client.isConnected()).isFalse();

    requester.route("ping").send().block(TIMEOUT);
    assertThat(client.isConnected()).isTrue();

    requester.dispose();
    assertThat(requester.isDisposed()).isTrue();
    assertThat(client.isDisposed()).isTrue();
    client.onClose().block(TIMEOUT);
  }

  @Test
  void applyConfiguresTheBuilder() {
    RSocketRequester requester = build(RSocketRequester.builder()
        .apply(builder -> builder.dataMimeType(MimeTypeUtils.APPLICATION_GRAPHQL)));

    assertThat(requester.dataMimeType()).isEqualTo(MimeTypeUtils.APPLICATION_GRAPHQL);
  }

  private RSocketRequester build(RSocketRequester.Builder builder) {
    RSocketRequester requester = builder.transport(this.transport);
    this.requesters.add(requester);
    return requester;
  }

  /** Connects {@code requester} and returns the SETUP the server received. */
  private ConnectionSetupPayload connectionSetupPayload(RSocketRequester requester) {
    RSocketClient client = requester.rsocketClient();
    assertThat(client).isNotNull();
    client.connection().block(TIMEOUT);
    return awaitSetup();
  }

  private ConnectionSetupPayload awaitSetup() {
    ConnectionSetupPayload setupPayload = this.setups.asMono().block(TIMEOUT);
    assertThat(setupPayload).isNotNull();
    this.setup = setupPayload;
    return setupPayload;
  }

  /** Records the connector it is given, and returns it unchanged. */
  static final class TestRSocketConnectorConfigurer implements RSocketConnectorConfigurer {

    private @Nullable RSocketConnector connector;

    @Nullable RSocketConnector connector() {
      return this.connector;
    }

    @Override
    public RSocketConnector configure(RSocketConnector connector) {
      this.connector = connector;
      return connector;
    }
  }

  /** A decoder that only declares a MIME type, as a JSON decoder would. */
  static final class TestJsonDecoder implements Decoder<Object> {

    private final MimeType mimeType;

    TestJsonDecoder(MimeType mimeType) {
      this.mimeType = mimeType;
    }

    @Override
    public List<MimeType> getDecodableMimeTypes() {
      return Collections.singletonList(this.mimeType);
    }

    @Override
    public boolean canDecode(ResolvableType elementType, @Nullable MimeType mimeType) {
      return false;
    }

    @Override
    public Mono<Object> decodeToMono(Publisher<DataBuffer> inputStream,
        ResolvableType elementType, @Nullable MimeType mimeType,
        @Nullable Map<String, Object> hints) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Flux<Object> decode(Publisher<DataBuffer> inputStream, ResolvableType elementType,
        @Nullable MimeType mimeType, @Nullable Map<String, Object> hints) {
      throw new UnsupportedOperationException();
    }
  }
}

package dev.duplex.rsocket.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.duplex.rsocket.frame.FrameDecodingException;
import dev.duplex.rsocket.frame.FrameType;
import dev.duplex.rsocket.frame.FrameWriter;
import dev.duplex.rsocket.test.TestCertificates;
import dev.duplex.rsocket.transport.BoundServer;
import dev.duplex.rsocket.transport.ClientTransport;
import dev.duplex.rsocket.transport.DuplexConnection;
import dev.duplex.rsocket.transport.RecordingReceiver;
import dev.duplex.rsocket.transport.RecordingReceiver.ReceivedFrame;
import dev.duplex.rsocket.transport.ServerTransport;
import dev.duplex.rsocket.transport.TransportContractTests;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.netty.Connection;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.test.StepVerifier;

/** WebSocket transport: real sockets on 127.0.0.1, one frame per binary message (checklist #4). */
class WebSocketTransportTests extends TransportContractTests {

  private Connection raw;

  @Override
  protected ServerTransport serverTransport() {
    return WebSocketServerTransport.create("127.0.0.1", 0);
  }

  @Override
  protected ClientTransport clientTransport(BoundServer server) {
    return WebSocketClientTransport.create("127.0.0.1", port(server));
  }

  @AfterEach
  void closeRawClient() {
    if (raw != null) {
      closeAndWaitRaw(raw);
    }
  }

  @Test
  void textMessageIsATransportErrorAndTheConnectionStaysOpen() {
    BoundServer server = startRecordingServer();
    raw = connectRaw(server, "/");

    raw.channel().writeAndFlush(new TextWebSocketFrame("hello"));
    await().atMost(TIMEOUT).until(() -> !receiver().transportErrors().isEmpty());
    raw.channel().writeAndFlush(
        new BinaryWebSocketFrame(FrameWriter.cancel(ByteBufAllocator.DEFAULT, 9)));

    awaitFrames(receiver(), 1);
    assertThat(receiver().transportErrors()).singleElement()
        .isInstanceOf(CorruptedWebSocketFrameException.class)
        .extracting(Throwable::getMessage)
        .isEqualTo("WebSocket text message received; RSocket frames travel in binary messages");
    assertThat(receiver().frames()).extracting(ReceivedFrame::type, ReceivedFrame::streamId)
        .containsExactly(tuple(FrameType.CANCEL, 9));
    assertThat(serverConnections.get(0).isDisposed()).isFalse();
  }

  @Test
  void fragmentedMessageArrivesAsOneFrame() {
    BoundServer server = startRecordingServer();
    raw = connectRaw(server, "/");
    ByteBuf frame = FrameWriter.requestN(ByteBufAllocator.DEFAULT, 7, 16);

    raw.channel().write(new BinaryWebSocketFrame(false, 0, frame.retainedSlice(0, 4)));
    raw.channel().write(new ContinuationWebSocketFrame(false, 0, frame.retainedSlice(4, 3)));
    raw.channel().writeAndFlush(new ContinuationWebSocketFrame(true, 0, frame.retainedSlice(7, 3)));

    awaitFrames(receiver(), 1);
    assertThat(receiver().frames()).containsExactly(ReceivedFrame.of(frame));
    frame.release();
  }

  @Test
  void messageShorterThanAFrameHeaderIsATransportError() {
    BoundServer server = startRecordingServer();
    raw = connectRaw(server, "/");

    raw.channel().writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[5])));

    await().atMost(TIMEOUT).until(() -> !receiver().transportErrors().isEmpty());
    assertThat(receiver().transportErrors()).singleElement()
        .isInstanceOf(FrameDecodingException.class)
        .extracting(Throwable::getMessage)
        .isEqualTo("WebSocket message of 5 bytes is smaller than the 6-byte frame header "
            + "(checklist #6)");
  }

  @Test
  void closingSendsAWebSocketCloseFrame() {
    BoundServer server = startRecordingServer();
    raw = connectRaw(server, "/");
    receiver();

    serverConnections.get(0).dispose();

    StepVerifier.create(((WebsocketInbound) raw).receiveCloseStatus())
        .expectNextMatches(status -> status.code() == WebSocketCloseStatus.NORMAL_CLOSURE.code())
        .expectComplete()
        .verify(TIMEOUT);
    assertThat(receiver().closed()).succeedsWithin(TIMEOUT).isEqualTo(Optional.empty());
  }

  @Test
  void pingIsAnsweredWithoutReachingTheReceiver() {
    BoundServer server = startRecordingServer();
    raw = connectRaw(server, "/");

    assertPingIsAnswered();
  }

  /** With handlePing, Reactor Netty hands pings on; the Duplex codec must answer them. */
  @Test
  void pingIsAnsweredByTheDuplexCodecWhenPingsAreHandled() {
    BoundServer server = startServer(
        WebSocketServerTransport.create("127.0.0.1", 0).handlePing(true), this::record);
    raw = connectRaw(server, "/");

    assertPingIsAnswered();
  }

  @Test
  void subProtocolIsNegotiated() {
    BoundServer server = startServer(
        WebSocketServerTransport.create("127.0.0.1", 0).protocols("rsocket", "rsocket.v1"),
        this::record);

    raw = connectRaw(server, "/", WebsocketClientSpec.builder().protocols("other, rsocket.v1"));
    assertThat(((WebsocketInbound) raw).selectedSubprotocol()).isEqualTo("rsocket.v1");
    closeAndWaitRaw(raw);

    Client client = connect(WebSocketClientTransport.create("127.0.0.1", port(server))
        .protocols("rsocket"));
    client.connection().send(FrameWriter.cancel(client.connection().alloc(), 1));
    awaitFrames(receiver(1), 1);
  }

  /** Reactor Netty would upgrade and then never call the handler; the route refuses instead. */
  @Test
  void upgradeOfferingNoneOfTheSubProtocolsIsRefused() {
    BoundServer server = startServer(
        WebSocketServerTransport.create("127.0.0.1", 0).protocols("rsocket"), this::record);

    StepVerifier.create(HttpClient.create().headers(headers -> headers
                .set("Connection", "Upgrade").set("Upgrade", "websocket")
                .set("Sec-WebSocket-Version", "13")
                .set("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
                .set("Sec-WebSocket-Protocol", "other"))
            .get().uri("http://127.0.0.1:" + port(server) + "/")
            .responseSingle((response, body) -> body.asString()
                .map(text -> response.status().code() + " " + text)))
        .expectNext("400 Sec-WebSocket-Protocol offers none of the sub-protocols of this "
            + "endpoint: rsocket")
        .expectComplete()
        .verify(TIMEOUT);
    StepVerifier.create(WebSocketClientTransport.create("127.0.0.1", port(server)).connect())
        .expectError()
        .verify(TIMEOUT);
    assertThat(serverConnections).isEmpty();
  }

  @Test
  void compressionIsNegotiatedAndCompressedMessagesArrive() {
    BoundServer server = startServer(
        WebSocketServerTransport.create("127.0.0.1", 0).compress(true), this::record);
    raw = connectRaw(server, "/", WebsocketClientSpec.builder().compress(true));

    assertThat(((WebsocketInbound) raw).headers().get("sec-websocket-extensions"))
        .startsWith("permessage-deflate");
    ByteBuf frame = FrameWriter.requestN(ByteBufAllocator.DEFAULT, 7, 16);
    raw.channel().writeAndFlush(new BinaryWebSocketFrame(frame.retainedDuplicate()));
    awaitFrames(receiver(), 1);
    assertThat(receiver().frames()).containsExactly(ReceivedFrame.of(frame));
    frame.release();
  }

  @Test
  void compressionIsNotNegotiatedUnlessEnabled() {
    BoundServer server = startRecordingServer();
    raw = connectRaw(server, "/", WebsocketClientSpec.builder().compress(true));

    assertThat(((WebsocketInbound) raw).headers().get("sec-websocket-extensions")).isNull();
  }

  private void assertPingIsAnswered() {
    ByteBuf pingData = Unpooled.copiedBuffer("are you there", StandardCharsets.US_ASCII);
    StepVerifier.create(((WebsocketInbound) raw).receiveFrames()
            .doOnSubscribe(s -> raw.channel().writeAndFlush(new PingWebSocketFrame(pingData)))
            .next()
            .map(WebSocketFrame.class::cast)
            .doOnNext(WebSocketFrame::retain)
            .map(pong -> {
              try {
                return List.of(pong instanceof PongWebSocketFrame,
                    pong.content().toString(StandardCharsets.US_ASCII));
              } finally {
                pong.release();
              }
            }))
        .expectNext(List.of(true, "are you there"))
        .expectComplete()
        .verify(TIMEOUT);
    assertThat(receiver().frames()).isEmpty();
    assertThat(receiver().transportErrors()).isEmpty();
  }

  @Test
  void onlyTheConfiguredPathIsUpgraded() {
    BoundServer server = startEchoServer(WebSocketServerTransport.create("127.0.0.1", 0)
        .path("/rsocket"));

    Client client = connect(WebSocketClientTransport.create("127.0.0.1", port(server))
        .path("/rsocket"));
    client.connection().send(FrameWriter.cancel(client.connection().alloc(), 1));

    awaitFrames(client.receiver(), 1);
    StepVerifier.create(WebSocketClientTransport.create("127.0.0.1", port(server)).connect())
        .expectError()
        .verify(TIMEOUT);
  }

  @Test
  void customizersAreApplied() {
    AtomicInteger serverConnectionsSeen = new AtomicInteger();
    AtomicInteger clientConnectionsSeen = new AtomicInteger();
    BoundServer server = startEchoServer(WebSocketServerTransport.create("127.0.0.1", 7)
        .customize(httpServer -> httpServer.port(0)
            .doOnConnection(connection -> serverConnectionsSeen.incrementAndGet())));

    connect(WebSocketClientTransport.create("127.0.0.1", port(server))
        .customize(httpClient -> httpClient.doOnConnected(
            connection -> clientConnectionsSeen.incrementAndGet())));

    await().atMost(TIMEOUT).until(() -> clientConnectionsSeen.get() == 1);
    await().atMost(TIMEOUT).until(() -> serverConnectionsSeen.get() == 1);
  }

  @Test
  void optionsReturnChangedCopies() {
    WebSocketServerTransport server = WebSocketServerTransport.create("127.0.0.1", 8080);
    WebSocketServerTransport onPath = server.path("/rsocket");
    WebSocketServerTransport smaller = server.maxFramePayloadLength(64);
    WebSocketServerTransport customized = server.customize(Function.identity());
    WebSocketServerTransport spec = server.protocols("rsocket").handlePing(true).compress(true);
    WebSocketServerTransport secure = server.secure(TestCertificates.server());
    WebSocketClientTransport client =
        WebSocketClientTransport.create(URI.create("wss://example.com:8443/a?tenant=1"));
    WebSocketClientTransport clientOnPath = client.path("/rsocket");
    WebSocketClientTransport smallerClient = client.maxFramePayloadLength(64);
    WebSocketClientTransport offering = smallerClient.protocols("rsocket");

    assertThat(List.of(onPath, smaller, customized, spec, secure)).allSatisfy(changed ->
        assertThat(changed).isNotSameAs(server));
    assertThat(server.path()).isEqualTo("/");
    assertThat(onPath.path()).isEqualTo("/rsocket");
    assertThat(server.maxFramePayloadLength()).isEqualTo(FrameWriter.MAX_FRAME_LENGTH);
    assertThat(smaller.maxFramePayloadLength()).isEqualTo(64);
    assertThat(smaller.address()).isEqualTo(server.address());
    assertThat(List.of(server.protocols(), server.handlePing(), server.compress()))
        .containsExactly(List.of(), false, false);
    assertThat(List.of(spec.protocols(), spec.handlePing(), spec.compress()))
        .containsExactly(List.of("rsocket"), true, true);
    assertThat(server.sslContext()).isNull();
    assertThat(secure.sslContext()).isNotNull();
    assertThat(WebSocketClientTransport.create("127.0.0.1", 8080).secure(TestCertificates.client())
        .uri()).hasToString("wss://127.0.0.1:8080/");
    assertThat(client.uri()).hasToString("wss://example.com:8443/a?tenant=1");
    assertThat(clientOnPath.uri()).hasToString("wss://example.com:8443/rsocket?tenant=1");
    assertThat(client.maxFramePayloadLength()).isEqualTo(FrameWriter.MAX_FRAME_LENGTH);
    assertThat(smallerClient.maxFramePayloadLength()).isEqualTo(64);
    assertThat(client.protocols()).isEmpty();
    assertThat(offering.protocols()).containsExactly("rsocket");
    assertThat(offering.maxFramePayloadLength()).isEqualTo(64);
    assertThat(WebSocketClientTransport.create("::1", 80).uri()).hasToString("ws://[::1]:80/");
  }

  @Test
  void invalidOptionsAreRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> WebSocketServerTransport.create("127.0.0.1", 0).path("rsocket"))
        .withMessage("path: 'rsocket' (expected: starting with '/')");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> WebSocketServerTransport.create("127.0.0.1", 0)
            .maxFramePayloadLength(5))
        .withMessage("maxFramePayloadLength: 5 (expected: 6..16777215)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> WebSocketClientTransport.create("127.0.0.1", 80)
            .maxFramePayloadLength(1 << 24))
        .withMessage("maxFramePayloadLength: 16777216 (expected: 6..16777215)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> WebSocketClientTransport.create(URI.create("http://example.com/")))
        .withMessage("uri: http://example.com/ (expected: an absolute ws:// or wss:// URI "
            + "with a host)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> WebSocketClientTransport.create("127.0.0.1", 0))
        .withMessage("port: 0 (expected: 1..65535)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> WebSocketServerTransport.create("127.0.0.1", 0).protocols("a,b"))
        .withMessage("protocols: 'a,b' (expected: a sub-protocol token, without commas or "
            + "surrounding spaces)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> WebSocketServerTransport.create("127.0.0.1", 0)
            .secure(TestCertificates.client()))
        .withMessageEndingWith("(expected: a server context, from SslContextBuilder.forServer)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> WebSocketClientTransport.create("127.0.0.1", 80)
            .secure(TestCertificates.server()))
        .withMessageEndingWith("(expected: a client context, from SslContextBuilder.forClient)");
  }

  private BoundServer startRecordingServer() {
    return startServer(this::record);
  }

  private void record(DuplexConnection connection) {
    RecordingReceiver receiver = RecordingReceiver.recording(connection);
    serverReceivers.add(receiver);
    connection.start(receiver);
  }

  private RecordingReceiver receiver() {
    await().atMost(TIMEOUT).until(() -> serverReceivers.size() == 1);
    return serverReceivers.get(0);
  }

  private RecordingReceiver receiver(int index) {
    await().atMost(TIMEOUT).until(() -> serverReceivers.size() > index);
    return serverReceivers.get(index);
  }

  /** A WebSocket client of Reactor Netty's own, to send what our client never sends. */
  private static Connection connectRaw(BoundServer server, String path) {
    return connectRaw(server, path, WebsocketClientSpec.builder());
  }

  private static Connection connectRaw(BoundServer server, String path,
      WebsocketClientSpec.Builder spec) {
    Connection connection = HttpClient.newConnection()
        .websocket(spec.build())
        .uri("ws://127.0.0.1:" + port(server) + path)
        .connect()
        .block(TIMEOUT);
    assertThat(connection).isNotNull();
    return connection;
  }

  private static void closeAndWaitRaw(Connection connection) {
    connection.dispose();
    connection.onDispose().block(TIMEOUT);
  }

  private static int port(BoundServer server) {
    return ((InetSocketAddress) server.address()).getPort();
  }
}

package dev.duplex.rsocket.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.rsocket.boot.context.RSocketListenersBootstrap;
import dev.duplex.rsocket.boot.context.RSocketServerBootstrap;
import dev.duplex.rsocket.messaging.RSocketRequester;
import dev.duplex.rsocket.transport.websocket.WebSocketClientTransport;
import dev.duplex.rsocket.transport.websocket.WebSocketRouteHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.netty.http.websocket.WebsocketInbound;

/**
 * {@code spring.rsocket.server.spec.*} on the standalone WebSocket server, WebSocket listeners and
 * the WebFlux route (which Spring Boot applies to the route only).
 */
class RSocketServerSpecTests {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(RSocketStrategiesAutoConfiguration.class,
          RSocketMessagingAutoConfiguration.class, RSocketServerAutoConfiguration.class))
      .withUserConfiguration(EchoController.class)
      .withPropertyValues("spring.rsocket.server.address=127.0.0.1");

  @Test
  void specReachesTheStandaloneWebSocketServer() {
    this.contextRunner
        .withPropertyValues("spring.rsocket.server.port=0",
            "spring.rsocket.server.transport=websocket",
            "spring.rsocket.server.spec.protocols=rsocket,rsocket.v1",
            "spring.rsocket.server.spec.compress=true",
            "spring.rsocket.server.spec.handle-ping=true",
            "spring.rsocket.server.spec.max-frame-payload-length=1KB")
        .run(context -> {
          assertThat(context).hasNotFailed();
          InetSocketAddress address =
              context.getBean(RSocketServerBootstrap.class).getServer().address();
          assertThat(address).isNotNull();
          int port = address.getPort();
          assertThat(handshake(port, "/", "rsocket.v1"))
              .containsExactly("rsocket.v1", "permessage-deflate");
          WebSocketClientTransport client =
              WebSocketClientTransport.create("127.0.0.1", port).protocols("rsocket");
          assertThat(echo(client, "Hello")).isEqualTo("Hello");
          // a request above the 1 KB message limit closes the connection
          assertThat(failure(client, "x".repeat(2048))).isNotNull();
        });
  }

  @Test
  void specReachesWebSocketListeners() {
    this.contextRunner
        .withPropertyValues("spring.rsocket.server.listeners[0].port=0",
            "spring.rsocket.server.listeners[0].transport=websocket",
            "spring.rsocket.server.listeners[0].path=/rsocket",
            "spring.rsocket.server.spec.protocols=rsocket",
            "spring.rsocket.server.spec.compress=true")
        .run(context -> {
          assertThat(context).hasNotFailed();
          InetSocketAddress address =
              context.getBean(RSocketListenersBootstrap.class).getServers().get(0).address();
          assertThat(address).isNotNull();
          assertThat(handshake(address.getPort(), "/rsocket", "rsocket"))
              .containsExactly("rsocket", "permessage-deflate");
        });
  }

  @Test
  void specReachesTheRouteHandler() {
    new ReactiveWebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(RSocketStrategiesAutoConfiguration.class,
            RSocketMessagingAutoConfiguration.class, RSocketServerAutoConfiguration.class))
        .withUserConfiguration(EchoController.class)
        .withPropertyValues("spring.rsocket.server.transport=websocket",
            "spring.rsocket.server.mapping-path=/rsocket",
            "spring.rsocket.server.spec.protocols=rsocket",
            "spring.rsocket.server.spec.handle-ping=true",
            "spring.rsocket.server.spec.compress=true",
            "spring.rsocket.server.spec.max-frame-payload-length=64KB")
        .run(context -> {
          WebSocketRouteHandler handler =
              context.getBean(RSocketWebSocketNettyRouteProvider.class).handler();
          assertThat(handler.protocols()).containsExactly("rsocket");
          assertThat(handler.handlePing()).isTrue();
          assertThat(handler.compress()).isTrue();
          assertThat(handler.maxFramePayloadLength()).isEqualTo(64 * 1024);
        });
  }

  @Test
  void maxFramePayloadLengthOutOfRangeFailsStartupNamingTheProperty() {
    this.contextRunner
        .withPropertyValues("spring.rsocket.server.port=0",
            "spring.rsocket.server.transport=websocket",
            "spring.rsocket.server.spec.max-frame-payload-length=16MB")
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(context.getStartupFailure()).rootCause().hasMessage(
              "spring.rsocket.server.spec.max-frame-payload-length is 16777216B; use 6B (a frame "
                  + "header) to 16777215B (the largest frame)");
        });
  }

  /** The sub-protocol and the extension the server chose for a client offering both. */
  static List<@Nullable String> handshake(int port, String path, String protocol) {
    Connection raw = HttpClient.newConnection()
        .websocket(WebsocketClientSpec.builder().protocols(protocol).compress(true).build())
        .uri("ws://127.0.0.1:" + port + path)
        .connect()
        .block(TIMEOUT);
    assertThat(raw).isNotNull();
    try {
      WebsocketInbound inbound = (WebsocketInbound) raw;
      String extensions = inbound.headers().get("sec-websocket-extensions");
      return Arrays.asList(inbound.selectedSubprotocol(),
          (extensions != null) ? extensions.split(";")[0] : null);
    } finally {
      raw.dispose();
      raw.onDispose().block(TIMEOUT);
    }
  }

  private static @Nullable String echo(WebSocketClientTransport transport, String data) {
    RSocketRequester requester = RSocketRequester.builder().transport(transport);
    try {
      return requester.route("echo").data(data).retrieveMono(String.class).block(TIMEOUT);
    } finally {
      requester.dispose();
    }
  }

  private static @Nullable Throwable failure(WebSocketClientTransport transport, String data) {
    RSocketRequester requester = RSocketRequester.builder().transport(transport);
    try {
      requester.route("echo").data(data).retrieveMono(String.class).block(TIMEOUT);
      return null;
    } catch (RuntimeException ex) {
      return ex;
    } finally {
      requester.dispose();
    }
  }

  @Controller
  static class EchoController {

    @MessageMapping("echo")
    Mono<String> echo(String data) {
      return Mono.just(data);
    }
  }
}

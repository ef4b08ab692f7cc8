package dev.duplex.rsocket.messaging.observation;

import dev.duplex.rsocket.core.RSocketServer;
import dev.duplex.rsocket.messaging.RSocketRequester;
import dev.duplex.rsocket.messaging.RSocketStrategies;
import dev.duplex.rsocket.messaging.annotation.support.RSocketMessageHandler;
import dev.duplex.rsocket.transport.BoundServer;
import dev.duplex.rsocket.transport.tcp.TcpServerTransport;
import io.micrometer.observation.ObservationRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Our {@link RSocketMessageHandler} serving a controller on a TCP port of 127.0.0.1, and our
 * {@link RSocketRequester} connected to it, each with its own observation registry.
 */
final class ObservedConnection implements AutoCloseable {

  static final Duration TIMEOUT = Duration.ofSeconds(5);

  final RSocketMessageHandler messageHandler;

  final BoundServer server;

  final RSocketRequester requester;

  ObservedConnection(Object controller, ObservationRegistry responderRegistry,
      ObservationRegistry requesterRegistry) {
    this(controller, responderRegistry, requesterRegistry, builder -> { });
  }

  ObservedConnection(Object controller, ObservationRegistry responderRegistry,
      ObservationRegistry requesterRegistry, Consumer<RSocketRequester.Builder> requesterConfig) {
    RSocketStrategies strategies = RSocketStrategies.create();
    this.messageHandler = new RSocketMessageHandler();
    this.messageHandler.setHandlers(List.of(controller));
    this.messageHandler.setRSocketStrategies(strategies);
    this.messageHandler.setObservationRegistry(responderRegistry);
    this.messageHandler.afterPropertiesSet();
    this.server = RSocketServer.create(this.messageHandler.responder())
        .bind(TcpServerTransport.create("127.0.0.1", 0))
        .block(TIMEOUT);
    RSocketRequester.Builder builder = RSocketRequester.builder()
        .rsocketStrategies(strategies)
        .observationRegistry(requesterRegistry);
    requesterConfig.accept(builder);
    this.requester = builder.tcp("127.0.0.1", port());
  }

  int port() {
    return ((InetSocketAddress) this.server.address()).getPort();
  }

  @Override
  public void close() {
    this.requester.dispose();
    this.server.dispose();
    this.server.onClose().onErrorComplete().block(TIMEOUT);
  }
}

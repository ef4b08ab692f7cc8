package dev.duplex.rsocket.messaging.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.duplex.rsocket.messaging.RSocketRequester;
import dev.duplex.rsocket.messaging.RSocketStrategies;
import dev.duplex.rsocket.messaging.annotation.support.RSocketMessageHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Mono;

/**
 * The requester a handler is given for calls back to the client observes those calls with the
 * {@link RSocketMessageHandler}'s registry.
 */
class ServerToClientObservationTests {

  private static final Duration TIMEOUT = ObservedConnection.TIMEOUT;

  @Test
  void aHandlersCallBackToTheClientIsObservedWithTheHandlersRegistry() {
    TestObservationRegistry serverRegistry = TestObservationRegistry.create();
    RSocketStrategies strategies = RSocketStrategies.create();
    try (ObservedConnection connection = new ObservedConnection(new ServerController(),
        serverRegistry, ObservationRegistry.NOOP, builder -> builder.rsocketConnector(
            connector -> connector.acceptor(
                RSocketMessageHandler.responder(strategies, new ClientController()))))) {

      assertThat(connection.requester.route("callback").data("hi").retrieveMono(String.class)
          .block(TIMEOUT)).isEqualTo("client got hi");

      await().atMost(TIMEOUT).untilAsserted(() -> TestObservationRegistryAssert
          .assertThat(serverRegistry)
          .hasObservationWithNameEqualTo("rsocket.requester.requests").that()
          .hasLowCardinalityKeyValue("rsocket.route", "client.echo")
          .hasLowCardinalityKeyValue("rsocket.interaction", "request-response")
          .hasLowCardinalityKeyValue("outcome", "SUCCESS")
          .hasBeenStopped());
      TestObservationRegistryAssert.assertThat(serverRegistry)
          .hasObservationWithNameEqualTo("rsocket.responder.requests").that()
          .hasLowCardinalityKeyValue("rsocket.route", "callback");
    }
  }

  @Controller
  static class ServerController {

    @MessageMapping("callback")
    Mono<String> callback(RSocketRequester requester, String data) {
      return requester.route("client.echo").data(data).retrieveMono(String.class);
    }
  }

  @Controller
  static class ClientController {

    @MessageMapping("client.echo")
    Mono<String> echo(String data) {
      return Mono.just("client got " + data);
    }
  }
}

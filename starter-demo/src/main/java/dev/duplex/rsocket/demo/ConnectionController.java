package dev.duplex.rsocket.demo;

import dev.duplex.rsocket.messaging.RSocketRequester;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.messaging.rsocket.annotation.ConnectMapping;
import org.springframework.stereotype.Controller;

/**
 * Connection-level routes: SETUP, answered by calling the new client back on its own connection,
 * and METADATA_PUSH. Kept apart from {@link GreetingController}, whose type-level
 * {@code @RSocketExchange("greetings")} would prefix these routes too.
 */
@Controller
class ConnectionController {

  private static final Logger logger = LoggerFactory.getLogger(ConnectionController.class);

  /** SETUP: greets the new client by calling it back on the same connection. */
  @ConnectMapping("demo.connect")
  void connect(RSocketRequester client, @Payload String clientName) {
    logger.info("Client '{}' connected; calling it back", clientName);
    client.route("client.status").data("Welcome, " + clientName).retrieveMono(String.class)
        .subscribe(answer -> logger.info("The client answered the call back: {}", answer),
            error -> logger.warn("The call back failed", error));
  }

  /** METADATA_PUSH on the route {@code demo.announce}. */
  @ConnectMapping("demo.announce")
  void announce() {
    logger.info("Metadata push received on route demo.announce");
  }
}

package dev.duplex.rsocket.demo;

import dev.duplex.rsocket.messaging.RSocketRequester;
import dev.duplex.rsocket.messaging.RSocketStrategies;
import dev.duplex.rsocket.messaging.annotation.support.RSocketMessageHandler;
import dev.duplex.rsocket.messaging.service.RSocketServiceProxyFactory;
import java.time.Duration;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.stereotype.Component;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Flux;

/**
 * With {@code --demo.client}: connects to the demo server, makes every kind of request through
 * the {@link GreetingService} interface and the requester, answers the server's call back, and
 * exits.
 */
@Component
@ConditionalOnProperty("demo.client")
class DemoClient implements ApplicationRunner {

  private static final Logger logger = LoggerFactory.getLogger(DemoClient.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final ObjectProvider<RSocketRequester.Builder> builders;
  private final RSocketStrategies strategies;
  private final DemoClientProperties properties;

  DemoClient(ObjectProvider<RSocketRequester.Builder> builders, RSocketStrategies strategies,
      DemoClientProperties properties) {
    this.builders = builders;
    this.strategies = strategies;
    this.properties = properties;
  }

  static boolean isClient(String[] args) {
    return Arrays.stream(args).anyMatch(arg -> arg.startsWith("--demo.client"));
  }

  @Override
  public void run(ApplicationArguments args) {
    RSocketRequester requester = builders.getObject()
        .setupRoute("demo.connect")
        .setupData("demo-client")
        .rsocketConnector(connector -> connector.acceptor(
            RSocketMessageHandler.responder(strategies, new ClientHandler())))
        .tcp(properties.host(), properties.port());
    try {
      GreetingService greetings = RSocketServiceProxyFactory.builder(requester).build()
          .createClient(GreetingService.class);
      logger.info("request-response: {}", greetings.hello("Duplex").block(TIMEOUT));
      logger.info("request-response with a route variable: {}",
          greetings.helloIn("fr", "Duplex").block(TIMEOUT));
      greetings.stream("Duplex").doOnNext(greeting -> logger.info("request-stream: {}", greeting))
          .blockLast(TIMEOUT);
      greetings.channel(Flux.just("Ann", "Bo", "Cy"))
          .doOnNext(greeting -> logger.info("request-channel: {}", greeting))
          .blockLast(TIMEOUT);
      greetings.log("the demo client was here").block(TIMEOUT);
      logger.info("fire-and-forget: sent");
      requester.route("demo.announce").sendMetadata().block(TIMEOUT);
      logger.info("metadata push: sent");
      logger.info("Every interaction worked");
    } finally {
      requester.dispose();
    }
  }

  /** Answers the server's call back on the client's own connection. */
  @Controller
  static class ClientHandler {

    @MessageMapping("client.status")
    String status(@Payload String welcome) {
      logger.info("The server called back: {}", welcome);
      return "demo client, all well";
    }
  }
}

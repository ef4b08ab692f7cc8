package dev.duplex.rsocket.demo;

import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.handler.annotation.DestinationVariable;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.messaging.rsocket.service.RSocketExchange;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The server's greeting routes, one per interaction; the same routes as {@link GreetingService}. */
@Controller
@RSocketExchange("greetings")
class GreetingController {

  private static final Logger logger = LoggerFactory.getLogger(GreetingController.class);

  private static final Map<String, String> HELLO = Map.of("en", "Hello", "fr", "Bonjour",
      "de", "Hallo");

  @RSocketExchange("hello")
  Mono<Greeting> hello(@Payload String name) {
    return Mono.just(new Greeting(name, "Hello, " + name + "!"));
  }

  @RSocketExchange("hello.{lang}")
  Mono<Greeting> helloIn(@DestinationVariable String lang, @Payload String name) {
    return Mono.just(new Greeting(name, HELLO.getOrDefault(lang, "Hello") + ", " + name + "!"));
  }

  @RSocketExchange("stream")
  Flux<Greeting> stream(@Payload String name) {
    return Flux.interval(Duration.ofMillis(100)).take(5)
        .map(i -> new Greeting(name, "Greeting #" + (i + 1) + " for " + name));
  }

  @RSocketExchange("channel")
  Flux<Greeting> channel(@Payload Flux<String> names) {
    return names.map(name -> new Greeting(name, "Hi, " + name + "!"));
  }

  @RSocketExchange("log")
  Mono<Void> log(@Payload String line) {
    logger.info("Fire-and-forget received: {}", line);
    return Mono.empty();
  }
}

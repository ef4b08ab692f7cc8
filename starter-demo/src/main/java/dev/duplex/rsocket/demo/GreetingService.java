package dev.duplex.rsocket.demo;

import org.springframework.messaging.handler.annotation.DestinationVariable;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.messaging.rsocket.service.RSocketExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The greeting routes as an {@code @RSocketExchange} interface, used by the client. */
@RSocketExchange("greetings")
public interface GreetingService {

  /** Request-response. */
  @RSocketExchange("hello")
  Mono<Greeting> hello(@Payload String name);

  /** Request-response with a destination variable. */
  @RSocketExchange("hello.{lang}")
  Mono<Greeting> helloIn(@DestinationVariable String lang, @Payload String name);

  /** Request-stream. */
  @RSocketExchange("stream")
  Flux<Greeting> stream(@Payload String name);

  /** Request-channel: a greeting for each name. */
  @RSocketExchange("channel")
  Flux<Greeting> channel(@Payload Flux<String> names);

  /** Fire-and-forget. */
  @RSocketExchange("log")
  Mono<Void> log(@Payload String line);
}

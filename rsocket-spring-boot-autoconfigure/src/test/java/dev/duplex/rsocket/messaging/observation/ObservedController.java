package dev.duplex.rsocket.messaging.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import org.springframework.messaging.handler.annotation.DestinationVariable;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.rsocket.annotation.ConnectMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A responder with one handler per interaction, one that fails and one that never ends, that
 * records what it handled and the observation in its Reactor context.
 */
@Controller
class ObservedController {

  /** What fire-and-forget and metadata push handlers received. */
  final BlockingQueue<String> received = new LinkedBlockingQueue<>();

  /** The observation each handler found in its Reactor context, by route. */
  final BlockingQueue<Observation> observations = new LinkedBlockingQueue<>();

  /** Counted down when the never-ending stream is canceled. */
  final CountDownLatch infiniteCanceled = new CountDownLatch(1);

  @MessageMapping("hello.{lang}")
  Mono<String> hello(@DestinationVariable String lang, String name) {
    return recordObservation().thenReturn(("fr".equals(lang) ? "Bonjour " : "Hello ") + name);
  }

  @MessageMapping("fnf")
  Mono<Void> fireAndForget(String data) {
    return recordObservation().doOnSuccess(v -> this.received.add(data)).then();
  }

  @MessageMapping("numbers")
  Flux<String> numbers(String prefix) {
    return recordObservation().thenMany(Flux.range(1, 3).map(i -> prefix + i));
  }

  @MessageMapping("upper")
  Flux<String> upper(Flux<String> words) {
    return recordObservation().thenMany(words.map(String::toUpperCase));
  }

  @ConnectMapping("push")
  Mono<Void> push() {
    return recordObservation().doOnSuccess(v -> this.received.add("push")).then();
  }

  @MessageMapping("fail")
  Mono<String> fail(String data) {
    return Mono.error(new IllegalStateException("failed on purpose: " + data));
  }

  @MessageMapping("infinite")
  Flux<String> infinite(String data) {
    return Flux.concat(Flux.just(data), Flux.<String>never())
        .doOnCancel(this.infiniteCanceled::countDown);
  }

  private Mono<Void> recordObservation() {
    return Mono.deferContextual(context -> {
      Observation observation = context.getOrDefault(ObservationThreadLocalAccessor.KEY, null);
      if (observation != null) {
        this.observations.add(observation);
      }
      return Mono.empty();
    });
  }
}

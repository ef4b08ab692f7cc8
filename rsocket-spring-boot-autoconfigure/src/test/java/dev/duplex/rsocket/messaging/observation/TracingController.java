package dev.duplex.rsocket.messaging.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Mono;

/** A responder whose handler answers with the trace context it runs in. */
@Controller
class TracingController {

  private final Tracer tracer;

  TracingController(Tracer tracer) {
    this.tracer = tracer;
  }

  /**
   * The current span of a plain method, which only Reactor's automatic context propagation can
   * make current: {@code <trace id>/<parent span id>}.
   */
  @MessageMapping("current")
  String current() {
    Span span = this.tracer.currentSpan();
    return span == null ? "no span" : span.context().traceId() + "/" + span.context().parentId();
  }

  /**
   * The current span of the handler with the observation from its Reactor context in scope:
   * {@code <trace id>/<parent span id>}.
   */
  @MessageMapping("trace")
  Mono<String> trace() {
    return Mono.deferContextual(context -> {
      Observation observation = context.get(ObservationThreadLocalAccessor.KEY);
      return Mono.just(observation.scoped(this::current));
    });
  }
}

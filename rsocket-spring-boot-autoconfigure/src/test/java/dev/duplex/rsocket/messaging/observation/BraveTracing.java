package dev.duplex.rsocket.messaging.observation;

import brave.Tracing;
import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.Propagation;
import brave.propagation.ThreadLocalCurrentTraceContext;
import brave.propagation.TraceContext;
import brave.sampler.Sampler;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.brave.bridge.BraveBaggageManager;
import io.micrometer.tracing.brave.bridge.BraveCurrentTraceContext;
import io.micrometer.tracing.brave.bridge.BravePropagator;
import io.micrometer.tracing.brave.bridge.BraveTracer;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real tracer (Brave through Micrometer Tracing) for one side of a connection: an observation
 * registry with the tracing handlers Spring Boot installs, and the spans it finished, in memory.
 */
final class BraveTracing implements AutoCloseable {

  final Tracing tracing;

  final Tracer tracer;

  final ObservationRegistry registry = ObservationRegistry.create();

  final BlockingQueue<MutableSpan> finishedSpans = new LinkedBlockingQueue<>();

  BraveTracing(String serviceName, Propagation.Factory propagation) {
    this.tracing = Tracing.newBuilder()
        .localServiceName(serviceName)
        .traceId128Bit(true)
        .propagationFactory(propagation)
        .currentTraceContext(ThreadLocalCurrentTraceContext.create())
        .sampler(Sampler.ALWAYS_SAMPLE)
        .addSpanHandler(new SpanHandler() {
          @Override
          public boolean end(TraceContext context, MutableSpan span, Cause cause) {
            finishedSpans.add(span);
            return true;
          }
        })
        .build();
    this.tracer = new BraveTracer(this.tracing.tracer(),
        new BraveCurrentTraceContext(this.tracing.currentTraceContext()),
        new BraveBaggageManager());
    BravePropagator propagator = new BravePropagator(this.tracing);
    this.registry.observationConfig().observationHandler(
        new ObservationHandler.FirstMatchingCompositeObservationHandler(
            new PropagatingSenderTracingObservationHandler<>(this.tracer, propagator),
            new PropagatingReceiverTracingObservationHandler<>(this.tracer, propagator),
            new DefaultTracingObservationHandler(this.tracer)));
  }

  /** The next span to finish, waiting up to 5 seconds for it. */
  MutableSpan nextFinishedSpan() throws InterruptedException {
    MutableSpan span = this.finishedSpans.poll(5, TimeUnit.SECONDS);
    if (span == null) {
      throw new AssertionError("no span finished within 5 seconds");
    }
    return span;
  }

  @Override
  public void close() {
    this.tracing.close();
  }
}

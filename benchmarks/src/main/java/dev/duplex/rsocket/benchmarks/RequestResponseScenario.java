package dev.duplex.rsocket.benchmarks;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * Request-response with a fixed number in flight: each of that many loops sends its next request
 * as soon as the previous response arrives; latency is measured per request.
 */
final class RequestResponseScenario implements Scenario {

  private final int inFlight;

  RequestResponseScenario(int inFlight) {
    if (inFlight < 1) {
      throw new IllegalArgumentException("inFlight: " + inFlight + " (expected: >= 1)");
    }
    this.inFlight = inFlight;
  }

  @Override
  public String id() {
    return "rr" + inFlight;
  }

  @Override
  public String label() {
    return "request-response 32 B, " + inFlight + " in flight";
  }

  @Override
  public LoadResult run(LoadImpl impl, LoadClient client, ServerProcess server, Duration warmup,
      Duration measure) throws Exception {
    Run run = new Run(client, inFlight);
    try {
      for (int i = 0; i < inFlight; i++) {
        new Loop(run).send();
      }
      Scenario.pause(warmup, run.failure);
      ServerStats before = server.stats();
      run.histogram.reset();
      long start = System.nanoTime();
      Scenario.pause(measure, run.failure);
      LatencyHistogram.Summary summary = run.histogram.summary();
      long elapsed = System.nanoTime() - start;
      ServerStats after = server.stats();
      run.stopping = true;
      if (!run.stopped.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException(run.stopped.getCount() + " of " + inFlight
            + " requests still unanswered 30 s after the window closed");
      }
      Scenario.check(run.failure);
      return new LoadResult(impl.id(), label(), summary.count() * 1e9 / elapsed,
          LoadResult.Latency.PER_REQUEST, summary.p50Nanos(), summary.p99Nanos(),
          after.minus(before), null);
    } finally {
      run.stopping = true;
    }
  }

  /** What the loops of one run share. */
  private static final class Run {

    final LoadClient client;
    final LatencyHistogram histogram = new LatencyHistogram();
    final AtomicReference<Throwable> failure = new AtomicReference<>();
    final CountDownLatch stopped;
    volatile boolean stopping;

    Run(LoadClient client, int loops) {
      this.client = client;
      this.stopped = new CountDownLatch(loops);
    }
  }

  /** One request in flight at a time, over and over. */
  private static final class Loop implements LoadClient.Done {

    private final Run run;
    private long sentAt;

    Loop(Run run) {
      this.run = run;
    }

    void send() {
      sentAt = System.nanoTime();
      try {
        run.client.requestResponse(this);
      } catch (RuntimeException e) {
        done(e);
      }
    }

    @Override
    public void done(@Nullable Throwable error) {
      if (error != null) {
        run.failure.compareAndSet(null, error);
        run.stopped.countDown();
        return;
      }
      run.histogram.record(System.nanoTime() - sentAt);
      if (run.stopping || run.failure.get() != null) {
        run.stopped.countDown();
      } else {
        send();
      }
    }
  }
}

package dev.duplex.rsocket.benchmarks;

import java.time.Duration;
import java.util.Locale;

/**
 * Request-stream of a given number of 32-byte items with unbounded demand, one stream after
 * another; latency is each whole stream's time, throughput is items per second.
 */
final class StreamScenario implements Scenario {

  private static final Duration STREAM_TIMEOUT = Duration.ofMinutes(10);

  private final long items;

  StreamScenario(long items) {
    if (items < 1) {
      throw new IllegalArgumentException("items: " + items + " (expected: >= 1)");
    }
    this.items = items;
  }

  @Override
  public String id() {
    return "stream";
  }

  @Override
  public String label() {
    return String.format(Locale.ROOT, "request-stream %,d × 32 B, unbounded", items);
  }

  @Override
  public LoadResult run(LoadImpl impl, LoadClient client, ServerProcess server, Duration warmup,
      Duration measure) throws Exception {
    long warmupEnd = System.nanoTime() + warmup.toNanos();
    while (System.nanoTime() - warmupEnd < 0) {
      stream(client);
    }
    LatencyHistogram histogram = new LatencyHistogram();
    ServerStats before = server.stats();
    long start = System.nanoTime();
    long received = 0;
    do {
      long streamStart = System.nanoTime();
      received += stream(client);
      histogram.record(System.nanoTime() - streamStart);
    } while (System.nanoTime() - start < measure.toNanos());
    long elapsed = System.nanoTime() - start;
    ServerStats after = server.stats();
    LatencyHistogram.Summary summary = histogram.summary();
    return new LoadResult(impl.id(), label(), received * 1e9 / elapsed,
        LoadResult.Latency.PER_STREAM, summary.p50Nanos(), summary.p99Nanos(),
        after.minus(before), null);
  }

  private long stream(LoadClient client) {
    Long received = client.requestStream(items).block(STREAM_TIMEOUT);
    if (received == null || received != items) {
      throw new IllegalStateException("stream: " + received + " items (expected: " + items + ")");
    }
    return received;
  }
}

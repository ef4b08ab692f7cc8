package dev.duplex.rsocket.benchmarks;

import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * What one implementation did in one scenario's measured window: client-side throughput and
 * latency, and what the server spent, as a Markdown table row.
 *
 * @param opsPerSecond requests (or stream items) completed per second, seen by the client
 * @param latency what {@code p50Nanos} and {@code p99Nanos} measure
 * @param server what the server spent in the window
 * @param error why the run failed, {@code null} when it did not
 */
record LoadResult(String impl, String scenario, double opsPerSecond, Latency latency,
    long p50Nanos, long p99Nanos, ServerStats server, @Nullable String error) {

  /** The Markdown table header, two lines. */
  static final String HEADER = String.join("\n",
      "| impl | scenario | ops/s | p50 | p99 | server CPU µs/msg | server B/msg | server msgs |",
      "|---|---|---:|---:|---:|---:|---:|---:|");

  /** A result for a run that failed with {@code error}. */
  static LoadResult failed(String impl, String scenario, Throwable error) {
    return new LoadResult(impl, scenario, 0, Latency.NONE, -1, -1, new ServerStats(0, 0, 0),
        error.getClass().getSimpleName() + ": " + error.getMessage());
  }

  /** A Markdown table of {@code results}. */
  static String table(List<LoadResult> results) {
    StringBuilder table = new StringBuilder(HEADER);
    for (LoadResult result : results) {
      table.append('\n').append(result.row());
    }
    return table.toString();
  }

  /** This result as one Markdown table row. */
  String row() {
    if (error != null) {
      return "| " + impl + " | " + scenario + " | failed: " + error.replace('|', '/')
          + " | | | | | |";
    }
    return String.format(Locale.ROOT, "| %s | %s | %,.0f | %s | %s | %.2f | %,.0f | %,d |",
        impl, scenario, opsPerSecond, latency.format(p50Nanos), latency.format(p99Nanos),
        server.cpuMicrosPerMessage(), server.bytesPerMessage(), server.messages());
  }

  /** What the latency columns hold. */
  enum Latency {

    /** No latency (fire-and-forget). */
    NONE,
    /** Per request, in microseconds. */
    PER_REQUEST,
    /** Per whole stream, in milliseconds. */
    PER_STREAM;

    String format(long nanos) {
      if (this == NONE || nanos < 0) {
        return "–";
      }
      return this == PER_REQUEST
          ? String.format(Locale.ROOT, "%,.1f µs", nanos / 1e3)
          : String.format(Locale.ROOT, "%,.0f ms/stream", nanos / 1e6);
    }
  }
}

package dev.duplex.rsocket.benchmarks;

import java.util.Arrays;

/**
 * Counts latencies in nanoseconds in fixed buckets, 128 per power of two (under 0.8% error), up
 * to 2^41 ns (36 minutes); thread-safe, recording allocates nothing.
 */
final class LatencyHistogram {

  private static final int SUB_BITS = 7;
  private static final int SUB_COUNT = 1 << SUB_BITS;
  private static final int MAX_SHIFT = 40 - SUB_BITS;
  private static final int BUCKETS = 2 * SUB_COUNT + MAX_SHIFT * SUB_COUNT;

  private final long[] counts = new long[BUCKETS];
  private long total;

  /** Counts one latency of {@code nanos}. */
  synchronized void record(long nanos) {
    counts[index(Math.max(0, nanos))]++;
    total++;
  }

  /** Forgets everything counted. */
  synchronized void reset() {
    Arrays.fill(counts, 0);
    total = 0;
  }

  /** The count, median and 99th percentile, read at one instant. */
  synchronized Summary summary() {
    return new Summary(total, percentile(50), percentile(99));
  }

  /**
   * The latency at {@code percentile} (0 to 100) in nanoseconds, the middle of its bucket; -1
   * when nothing was counted.
   */
  private long percentile(double percentile) {
    if (total == 0) {
      return -1;
    }
    long rank = Math.max(1, (long) Math.ceil(total * percentile / 100.0));
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += counts[i];
      if (seen >= rank) {
        return middle(i);
      }
    }
    return middle(BUCKETS - 1);
  }

  private static int index(long nanos) {
    if (nanos < 2 * SUB_COUNT) {
      return (int) nanos;
    }
    int shift = 63 - Long.numberOfLeadingZeros(nanos) - SUB_BITS;
    if (shift > MAX_SHIFT) {
      return BUCKETS - 1;
    }
    return 2 * SUB_COUNT + (shift - 1) * SUB_COUNT + (int) ((nanos >>> shift) - SUB_COUNT);
  }

  private static long middle(int index) {
    if (index < 2 * SUB_COUNT) {
      return index;
    }
    int shift = (index - 2 * SUB_COUNT) / SUB_COUNT + 1;
    long mantissa = (index - 2 * SUB_COUNT) % SUB_COUNT + SUB_COUNT;
    return (mantissa << shift) + (1L << shift) / 2;
  }

  /** What a histogram held at one instant; latencies in nanoseconds, -1 when none. */
  record Summary(long count, long p50Nanos, long p99Nanos) {
  }
}

package dev.duplex.rsocket.benchmarks;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A way of loading a server over one client connection: warm up, then measure a window bracketed
 * by two server {@link ServerStats} snapshots.
 */
interface Scenario {

  /** The name used on the command line. */
  String id();

  /** What the results table calls it. */
  String label();

  /**
   * Loads {@code server} through {@code client} for {@code warmup}, then for {@code measure}.
   *
   * @throws Exception if a request fails or the server stops answering
   */
  LoadResult run(LoadImpl impl, LoadClient client, ServerProcess server, Duration warmup,
      Duration measure) throws Exception;

  /**
   * Waits {@code duration}, returning early once {@code failure} holds an error.
   *
   * @throws InterruptedException if interrupted
   */
  static void pause(Duration duration, AtomicReference<Throwable> failure)
      throws InterruptedException {
    long end = System.nanoTime() + duration.toNanos();
    for (long left = duration.toNanos(); left > 0 && failure.get() == null;
        left = end - System.nanoTime()) {
      Thread.sleep(Math.max(1, Math.min(100, left / 1_000_000)));
    }
  }

  /** Throws the error in {@code failure}, if any. */
  static void check(AtomicReference<Throwable> failure) throws Exception {
    Throwable error = failure.get();
    if (error instanceof Exception e) {
      throw e;
    }
    if (error != null) {
      throw new IllegalStateException(error);
    }
  }
}

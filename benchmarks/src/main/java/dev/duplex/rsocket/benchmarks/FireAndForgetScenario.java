package dev.duplex.rsocket.benchmarks;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * Fire-and-forget with a bounded number outstanding: a sender thread sends batches of
 * {@value #BATCH} messages, {@value #BATCH} - 1 fire-and-forget and one request-response whose
 * answer proves the server has handled the whole batch (one connection keeps frames in order), and
 * keeps at most {@value #BATCHES} batches unacknowledged. Throughput counts acknowledged messages,
 * the request-response included; there is no latency.
 */
final class FireAndForgetScenario implements Scenario {

  /** Messages per batch, the acknowledging request-response included. */
  static final int BATCH = 256;
  /** Batches sent but not yet acknowledged, at most. */
  static final int BATCHES = 4;

  @Override
  public String id() {
    return "fnf";
  }

  @Override
  public String label() {
    return "fire-and-forget 32 B, ≤ " + BATCH * BATCHES + " outstanding";
  }

  @Override
  public LoadResult run(LoadImpl impl, LoadClient client, ServerProcess server, Duration warmup,
      Duration measure) throws Exception {
    Sender sender = new Sender(client);
    Thread thread = new Thread(sender, "fnf-sender");
    thread.setDaemon(true);
    thread.start();
    try {
      Scenario.pause(warmup, sender.failure);
      ServerStats before = server.stats();
      long acknowledged = sender.acknowledged.get();
      long start = System.nanoTime();
      Scenario.pause(measure, sender.failure);
      acknowledged = sender.acknowledged.get() - acknowledged;
      long elapsed = System.nanoTime() - start;
      ServerStats after = server.stats();
      sender.stopping = true;
      thread.join(TimeUnit.SECONDS.toMillis(30));
      Scenario.check(sender.failure);
      if (!sender.permits.tryAcquire(BATCHES, 30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("batches still unacknowledged 30 s after the window");
      }
      return new LoadResult(impl.id(), label(), acknowledged * 1e9 / elapsed,
          LoadResult.Latency.NONE, -1, -1, after.minus(before), null);
    } finally {
      sender.stopping = true;
    }
  }

  /** Sends batches until told to stop. */
  private static final class Sender implements Runnable, LoadClient.Done {

    final LoadClient client;
    final Semaphore permits = new Semaphore(BATCHES);
    final AtomicLong acknowledged = new AtomicLong();
    final AtomicReference<Throwable> failure = new AtomicReference<>();
    volatile boolean stopping;

    private final LoadClient.Done fireAndForgetFailed = error -> failure.compareAndSet(null, error);

    Sender(LoadClient client) {
      this.client = client;
    }

    @Override
    public void run() {
      try {
        while (!stopping && failure.get() == null) {
          if (!permits.tryAcquire(100, TimeUnit.MILLISECONDS)) {
            continue;
          }
          for (int i = 1; i < BATCH; i++) {
            client.fireAndForget(fireAndForgetFailed);
          }
          client.requestResponse(this);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        failure.compareAndSet(null, e);
      }
    }

    /** The batch's request-response was answered. */
    @Override
    public void done(@Nullable Throwable error) {
      if (error != null) {
        failure.compareAndSet(null, error);
      } else {
        acknowledged.addAndGet(BATCH);
      }
      permits.release();
    }
  }
}

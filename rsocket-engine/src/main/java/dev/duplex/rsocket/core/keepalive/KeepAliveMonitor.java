package dev.duplex.rsocket.core.keepalive;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Runs every keepalive interval on the connection's event loop: sends a KEEPALIVE (on the client),
 * and reports a timeout when nothing has been received for the max lifetime.
 */
public final class KeepAliveMonitor {

  /** What the monitor does to its connection. */
  public interface Callbacks {

    /** Sends KEEPALIVE with the respond flag. */
    void sendKeepAlive();

    /** Nothing was received for {@code silence}, longer than the max lifetime. */
    void onKeepAliveTimeout(Duration silence);
  }

  private final long intervalNanos;
  private final long maxLifetimeNanos;
  private final boolean sends;
  private final Callbacks callbacks;
  private long lastReceivedNanos;
  private boolean heard;
  private ScheduledFuture<?> task;

  /**
   * Starts the monitor.
   *
   * @param sends whether this side sends KEEPALIVE (the client does, checklist #147)
   */
  public KeepAliveMonitor(EventExecutor eventLoop, Duration interval, Duration maxLifetime,
      boolean sends, Callbacks callbacks) {
    this.intervalNanos = interval.toNanos();
    this.maxLifetimeNanos = maxLifetime.toNanos();
    this.sends = sends;
    this.callbacks = callbacks;
    this.lastReceivedNanos = System.nanoTime();
    this.task = eventLoop.scheduleAtFixedRate(this::tick, intervalNanos, intervalNanos,
        TimeUnit.NANOSECONDS);
  }

  /**
   * Notes that a frame arrived, which proves the peer alive (checklist #150). Called per frame, so
   * it only sets a flag; the next tick reads the clock.
   */
  public void onFrameReceived() {
    heard = true;
  }

  /** Stops the monitor. */
  public void stop() {
    task.cancel(false);
  }

  private void tick() {
    long now = System.nanoTime();
    if (heard) {
      heard = false;
      lastReceivedNanos = now;
    }
    long silence = now - lastReceivedNanos;
    if (silence >= maxLifetimeNanos) {
      stop();
      callbacks.onKeepAliveTimeout(Duration.ofNanos(silence));
      return;
    }
    if (sends) {
      callbacks.sendKeepAlive();
    }
  }
}

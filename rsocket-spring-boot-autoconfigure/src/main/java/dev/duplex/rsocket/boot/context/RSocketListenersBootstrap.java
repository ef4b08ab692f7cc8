package dev.duplex.rsocket.boot.context;

import dev.duplex.rsocket.boot.server.DuplexRSocketServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationEventPublisherAware;
import org.springframework.context.SmartLifecycle;
import org.springframework.util.Assert;

/**
 * Starts the extra RSocket servers of {@code spring.rsocket.server.listeners} with the application
 * context, in order, each through its own {@link RSocketServerBootstrap} (so each publishes an
 * {@link RSocketServerInitializedEvent} with its namespace), and stops them with the context,
 * gracefully when their shutdown is, all at the same time. When one cannot start, those already
 * started are stopped before the failure is thrown.
 */
public class RSocketListenersBootstrap
    implements ApplicationEventPublisherAware, SmartLifecycle, DisposableBean {

  private final List<RSocketServerBootstrap> bootstraps;

  /**
   * Creates the bootstrap of the servers of {@code bootstraps}.
   *
   * @param bootstraps the bootstrap of each server, in the order to start them
   */
  public RSocketListenersBootstrap(List<RSocketServerBootstrap> bootstraps) {
    Assert.notNull(bootstraps, "'bootstraps' must not be null");
    Assert.noNullElements(bootstraps, "'bootstraps' must not contain null elements");
    this.bootstraps = List.copyOf(bootstraps);
  }

  @Override
  public void setApplicationEventPublisher(ApplicationEventPublisher applicationEventPublisher) {
    for (RSocketServerBootstrap bootstrap : this.bootstraps) {
      bootstrap.setApplicationEventPublisher(applicationEventPublisher);
    }
  }

  /** The servers this bootstrap starts, in order. */
  public List<DuplexRSocketServer> getServers() {
    return this.bootstraps.stream().map(RSocketServerBootstrap::getServer).toList();
  }

  @Override
  public void start() {
    List<RSocketServerBootstrap> started = new ArrayList<>();
    try {
      for (RSocketServerBootstrap bootstrap : this.bootstraps) {
        bootstrap.start();
        started.add(bootstrap);
      }
    } catch (RuntimeException ex) {
      for (RSocketServerBootstrap bootstrap : started) {
        try {
          bootstrap.stop();
        } catch (RuntimeException stopFailure) {
          ex.addSuppressed(stopFailure);
        }
      }
      throw ex;
    }
  }

  @Override
  public void stop() {
    RuntimeException failure = null;
    for (RSocketServerBootstrap bootstrap : this.bootstraps) {
      try {
        bootstrap.stop();
      } catch (RuntimeException ex) {
        if (failure == null) {
          failure = ex;
        } else {
          failure.addSuppressed(ex);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * Shuts every server down as {@link RSocketServerBootstrap#stop(Runnable)} does, at the same
   * time, and runs {@code callback} once all are done.
   */
  @Override
  public void stop(Runnable callback) {
    AtomicInteger remaining = new AtomicInteger(this.bootstraps.size());
    Runnable oneDone = () -> {
      if (remaining.decrementAndGet() == 0) {
        callback.run();
      }
    };
    if (this.bootstraps.isEmpty()) {
      callback.run();
    }
    RuntimeException failure = null;
    for (RSocketServerBootstrap bootstrap : this.bootstraps) {
      try {
        bootstrap.stop(oneDone);
      } catch (RuntimeException ex) {
        oneDone.run();
        if (failure == null) {
          failure = ex;
        } else {
          failure.addSuppressed(ex);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** Stops every server, ending graceful shutdowns that outlived the shutdown phase's timeout. */
  @Override
  public void destroy() {
    stop();
  }

  @Override
  public boolean isRunning() {
    return this.bootstraps.stream().anyMatch(RSocketServerBootstrap::isRunning);
  }
}

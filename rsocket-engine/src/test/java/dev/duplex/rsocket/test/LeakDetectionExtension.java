package dev.duplex.rsocket.test;

import io.netty.util.LeakPresenceDetector;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails the test class that leaked a Netty buffer.
 *
 * <p>Registered for every test class through JUnit's extension auto-detection
 * ({@code META-INF/services} and {@code junit-platform.properties}). The build runs each test JVM
 * with {@code -Dio.netty.leakDetection.level=paranoid}, so every buffer is tracked, and with
 * {@code -Dio.netty.customResourceLeakDetector} naming {@link ScopedLeakDetector}, Netty's
 * {@link LeakPresenceDetector}: every buffer allocated while a test class runs is counted in that
 * class's scope, and {@link #afterAll} fails the class if any is still unreleased. Unlike the
 * sampling detector this needs no garbage collection, so a leak is reported by the class that made
 * it, every time. Run with {@code -Dleak.stacks=true} to see where the leaked buffers were allocated.
 *
 * <p>Test classes run one after another in a JVM (surefire's default); the scope is a single
 * process-wide slot, so buffers allocated on event-loop threads count against the running class.
 */
public final class LeakDetectionExtension implements BeforeAllCallback, AfterAllCallback {

  private static final Duration RELEASE_GRACE = Duration.ofSeconds(5);

  private static final LeakPresenceDetector.ResourceScope OUTSIDE_TESTS =
      new LeakPresenceDetector.ResourceScope("outside test classes");

  private static volatile LeakPresenceDetector.@Nullable ResourceScope current;

  @Override
  public void beforeAll(ExtensionContext context) {
    if (context.getParent().flatMap(ExtensionContext::getParent).isPresent()) {
      return; // nested class: buffers count against the enclosing class
    }
    requirePresenceDetector();
    current = new LeakPresenceDetector.ResourceScope(context.getDisplayName());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (context.getParent().flatMap(ExtensionContext::getParent).isPresent()) {
      return;
    }
    LeakPresenceDetector.ResourceScope scope = current;
    current = null;
    if (scope != null) {
      check(scope, RELEASE_GRACE);
    }
  }

  /**
   * Fails when {@code scope} still has unreleased buffers after waiting up to {@code grace} for
   * buffers that other threads (event loops shutting down) are about to release.
   *
   * @throws IllegalStateException naming the scope when a buffer leaked
   */
  static void check(LeakPresenceDetector.ResourceScope scope, Duration grace) {
    long deadline = System.nanoTime() + grace.toNanos();
    while (scope.hasOpenResources() && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
    scope.close();
  }

  /** Runs {@code body} with buffers counted in {@code scope} instead of the running class's. */
  static void withScope(LeakPresenceDetector.ResourceScope scope, Runnable body) {
    LeakPresenceDetector.ResourceScope previous = current;
    current = scope;
    try {
      body.run();
    } finally {
      current = previous;
    }
  }

  private static void requirePresenceDetector() {
    ResourceLeakDetector<Object> detector =
        ResourceLeakDetectorFactory.instance().newResourceLeakDetector(Object.class);
    if (!(detector instanceof ScopedLeakDetector) || !ResourceLeakDetector.isEnabled()) {
      throw new IllegalStateException(
          "Tests must run with -Dio.netty.leakDetection.level=paranoid and "
              + "-Dio.netty.customResourceLeakDetector=" + ScopedLeakDetector.class.getName()
              + " (the root pom's surefire configuration sets both)");
    }
  }

  /** Netty's presence detector, counting each buffer in the scope of the running test class. */
  public static final class ScopedLeakDetector<T> extends LeakPresenceDetector<T> {

    /** Called reflectively by {@link ResourceLeakDetectorFactory}. */
    public ScopedLeakDetector(Class<?> resourceType, int samplingInterval) {
      super(resourceType);
    }

    /** Called reflectively by {@link ResourceLeakDetectorFactory}. */
    public ScopedLeakDetector(Class<?> resourceType, int samplingInterval, long maxActive) {
      super(resourceType);
    }

    @Override
    protected ResourceScope currentScope() {
      ResourceScope scope = current;
      return scope != null ? scope : OUTSIDE_TESTS;
    }
  }
}

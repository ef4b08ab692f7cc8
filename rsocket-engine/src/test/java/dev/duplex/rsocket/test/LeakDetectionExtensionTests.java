package dev.duplex.rsocket.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.LeakPresenceDetector;
import io.netty.util.ResourceLeakDetector;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Proves that a leaked buffer is caught, so a green build means no test leaked. */
class LeakDetectionExtensionTests {

  @Test
  void testsRunWithParanoidLeakDetection() {
    assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.PARANOID);
  }

  @ParameterizedTest
  // Unpooled heap buffers are not tracked by Netty at any level (the GC reclaims them), so they are not listed.
  @ValueSource(strings = {"pooled-direct", "pooled-heap", "unpooled-direct"})
  void unreleasedBufferFailsTheCheck(String kind) {
    LeakPresenceDetector.ResourceScope scope = new LeakPresenceDetector.ResourceScope("leaky test");
    AtomicReference<ByteBuf> leaked = new AtomicReference<>();
    LeakDetectionExtension.withScope(scope, () -> leaked.set(allocate(kind)));

    assertThatIllegalStateException()
        .isThrownBy(() -> LeakDetectionExtension.check(scope, Duration.ZERO))
        .withMessageContaining("Possible memory leak detected for resource scope 'leaky test'");
    assertThat(leaked.get().refCnt()).isEqualTo(1);
  }

  @Test
  void releasedBufferPassesTheCheck() {
    LeakPresenceDetector.ResourceScope scope = new LeakPresenceDetector.ResourceScope("tidy test");
    LeakDetectionExtension.withScope(scope, () -> {
      ByteBuf buf = allocate("pooled-direct");
      buf.writeInt(42);
      buf.release();
    });

    assertThatNoException().isThrownBy(() -> LeakDetectionExtension.check(scope, Duration.ZERO));
  }

  private static ByteBuf allocate(String kind) {
    ByteBufAllocator alloc = kind.startsWith("pooled")
        ? PooledByteBufAllocator.DEFAULT : UnpooledByteBufAllocator.DEFAULT;
    return kind.endsWith("direct") ? alloc.directBuffer(16) : alloc.heapBuffer(16);
  }
}

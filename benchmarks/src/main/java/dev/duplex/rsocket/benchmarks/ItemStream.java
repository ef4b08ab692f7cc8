package dev.duplex.rsocket.benchmarks;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;

/** The stream a load server answers a request-stream with, the same for both implementations. */
final class ItemStream {

  private ItemStream() {
  }

  /**
   * A stream of {@code count} items made by {@code item} as demand allows, each counted in
   * {@code messages} when emitted.
   */
  static <T> Flux<T> of(long count, Supplier<T> item, LongAdder messages) {
    if (count <= 0) {
      return Flux.empty();
    }
    return Flux.defer(() -> {
      long[] left = {count};
      return Flux.generate(sink -> {
        messages.increment();
        sink.next(item.get());
        if (--left[0] == 0) {
          sink.complete();
        }
      });
    });
  }
}

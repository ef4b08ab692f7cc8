package dev.duplex.rsocket.core.stream;

import io.netty.util.ReferenceCounted;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Operators;

/**
 * A request payload that the first subscriber takes; a later subscriber gets an error, since the
 * payload was consumed by the first request.
 */
final class OnceConsumed<T extends ReferenceCounted> {

  private final AtomicReference<@Nullable T> value;
  private final String interaction;

  OnceConsumed(T value, String interaction) {
    this.value = new AtomicReference<>(value);
    this.interaction = interaction;
  }

  /** The payload for the first caller; {@code null} after signalling an error to a later one. */
  @Nullable T take(CoreSubscriber<?> subscriber) {
    T taken = value.getAndSet(null);
    if (taken == null) {
      Operators.error(subscriber, new IllegalStateException(interaction
          + " allows only a single subscriber: its payload was sent to the first"));
    }
    return taken;
  }
}

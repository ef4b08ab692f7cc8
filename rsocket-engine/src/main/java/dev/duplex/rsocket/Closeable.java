package dev.duplex.rsocket;

import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/** Something that can be closed, and tells when it has closed. */
public interface Closeable extends Disposable {

  /**
   * Completes when this is closed: empty on a clean close, with the error that closed it
   * otherwise. Never completes before {@link #isDisposed()} is true.
   */
  Mono<Void> onClose();
}

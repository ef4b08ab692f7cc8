package dev.duplex.rsocket.benchmarks;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * One client connection to a load server, as the load scenarios drive it; each request carries
 * the routing metadata of {@link LoadMessages#ROUTE} and 32 bytes of data. Everything received is
 * released.
 */
interface LoadClient extends AutoCloseable {

  /** Sends one request-response; {@code done} is called once the response was released. */
  void requestResponse(Done done);

  /** Sends one fire-and-forget; an error is handed to {@code done}, success is not reported. */
  void fireAndForget(Done done);

  /**
   * Asks for a stream of {@code items} with unbounded demand.
   *
   * @return the number of items received (each released), when the stream completes
   */
  Mono<Long> requestStream(long items);

  /** Closes the connection. */
  @Override
  void close();

  /** Told when a request ends. */
  @FunctionalInterface
  interface Done {

    /** The request ended, with {@code error} or {@code null} on success. */
    void done(@Nullable Throwable error);
  }
}

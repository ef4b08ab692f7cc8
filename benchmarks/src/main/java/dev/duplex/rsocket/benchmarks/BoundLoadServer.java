package dev.duplex.rsocket.benchmarks;

/** A load server listening on 127.0.0.1, of either implementation. */
interface BoundLoadServer extends AutoCloseable {

  /** The port it listens on. */
  int port();

  /** Stops listening and closes its connections. */
  @Override
  void close();
}

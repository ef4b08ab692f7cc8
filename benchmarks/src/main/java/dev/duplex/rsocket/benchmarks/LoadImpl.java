package dev.duplex.rsocket.benchmarks;

import dev.duplex.rsocket.micrometer.RSocketConnectionMetrics;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.atomic.LongAdder;

/** An RSocket implementation under load: Duplex, or rsocket-java as the reference. */
enum LoadImpl {

  /** Duplex client to Duplex server. */
  DUPLEX("duplex") {
    @Override
    BoundLoadServer serve(int port, RouteCheck routeCheck, LongAdder messages) {
      return DuplexLoadServer.bind(port, routeCheck, messages);
    }

    @Override
    LoadClient connect(int port) {
      return DuplexLoadClient.connect(port);
    }
  },

  /**
   * Duplex client to a Duplex server that records its connections' meters
   * ({@code RSocketConnectionMetrics} on a {@code SimpleMeterRegistry}, as the Spring Boot
   * auto-configuration does with actuator), to show what metrics cost per message.
   */
  DUPLEX_METRICS("duplex-metrics") {
    @Override
    BoundLoadServer serve(int port, RouteCheck routeCheck, LongAdder messages) {
      return DuplexLoadServer.bind(port, routeCheck, messages, new RSocketConnectionMetrics(
          new SimpleMeterRegistry(), Tags.of("rsocket.side", "server", "rsocket.name", "load")));
    }

    @Override
    LoadClient connect(int port) {
      return DuplexLoadClient.connect(port);
    }
  },

  /** rsocket-java client to rsocket-java server, both zero-copy. */
  RSOCKET_JAVA("rsocket-java") {
    @Override
    BoundLoadServer serve(int port, RouteCheck routeCheck, LongAdder messages) {
      return RSocketJavaLoadServer.bind(port, routeCheck, messages);
    }

    @Override
    LoadClient connect(int port) {
      return RSocketJavaLoadClient.connect(port);
    }
  };

  /** The host every server binds and every client connects to. */
  static final String HOST = "127.0.0.1";

  private final String id;

  LoadImpl(String id) {
    this.id = id;
  }

  /** The name used on the command line and in results. */
  String id() {
    return id;
  }

  /**
   * Starts a server on {@code port} (0 for any) whose responder checks routes with
   * {@code routeCheck} and counts each request-response, fire-and-forget and stream item in
   * {@code messages}.
   */
  abstract BoundLoadServer serve(int port, RouteCheck routeCheck, LongAdder messages);

  /** Opens one connection to the server on {@code port}. */
  abstract LoadClient connect(int port);

  /** The implementation named {@code id}. */
  static LoadImpl of(String id) {
    for (LoadImpl impl : values()) {
      if (impl.id.equals(id)) {
        return impl;
      }
    }
    throw new IllegalArgumentException("impl: " + id + " (expected: duplex, duplex-metrics or rsocket-java)");
  }
}

package dev.duplex.rsocket.messaging;

import dev.duplex.rsocket.core.RSocketConnector;

/**
 * Applies configuration to the {@link RSocketConnector} of a client requester; Spring's
 * {@code RSocketConnectorConfigurer} for the engine, used with
 * {@link RSocketRequester.Builder#rsocketConnector(RSocketConnectorConfigurer)}.
 *
 * <pre>{@code
 * RSocketRequester requester = RSocketRequester.builder()
 *     .rsocketConnector(connector -> connector
 *         .keepAlive(Duration.ofSeconds(10), Duration.ofSeconds(60))
 *         .reconnect(Retry.backoff(10, Duration.ofMillis(500))))
 *     .tcp("localhost", 7000);
 * }</pre>
 *
 * <p>Unlike Spring's, whose {@code void configure(RSocketConnector)} mutates rsocket-java's
 * connector in place, this one <em>returns</em> the connector to use: the engine's connector is
 * immutable, each option returning a new connector. Configurers run in the order they were
 * registered, each given the previous one's result.
 */
@FunctionalInterface
public interface RSocketConnectorConfigurer {

  /**
   * Configures {@code connector}.
   *
   * @param connector the connector so far
   * @return the connector to use from now on, usually {@code connector} with options applied;
   *     never {@code null}
   */
  RSocketConnector configure(RSocketConnector connector);
}

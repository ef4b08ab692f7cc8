package dev.duplex.rsocket.boot.actuate;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health of one RSocket server: UP while it accepts connections, DOWN once stopped (or before it
 * started), with its transport, address, port (or path) and open connections.
 */
public class RSocketServerHealthIndicator implements HealthIndicator {

  private final RSocketServers servers;

  private final String name;

  /** Creates the indicator of the server named {@code name} among {@code servers}. */
  public RSocketServerHealthIndicator(RSocketServers servers, String name) {
    this.servers = servers;
    this.name = name;
  }

  @Override
  public Health health() {
    RSocketServerDescriptor server = this.servers.describe(this.name, false);
    Health.Builder health = server.running() ? Health.up() : Health.down();
    health.withDetail("transport", server.transport());
    if (server.address() != null) {
      health.withDetail("address", server.address());
    }
    if (server.port() != null) {
      health.withDetail("port", server.port());
    }
    if (server.path() != null) {
      health.withDetail("path", server.path());
    }
    return health.withDetail("connections", server.connectionCount()).build();
  }
}

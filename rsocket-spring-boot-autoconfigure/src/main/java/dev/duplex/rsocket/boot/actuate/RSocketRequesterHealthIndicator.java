package dev.duplex.rsocket.boot.actuate;

import dev.duplex.rsocket.core.RSocketClient;
import dev.duplex.rsocket.messaging.RSocketRequester;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health of the {@code spring.rsocket.client.*} requester, which connects lazily: UP while
 * connected, DOWN with the error when the last attempt to connect failed, UNKNOWN before the first
 * request.
 */
public class RSocketRequesterHealthIndicator implements HealthIndicator {

  private final RSocketRequester requester;

  /** Creates the indicator of {@code requester}. */
  public RSocketRequesterHealthIndicator(RSocketRequester requester) {
    this.requester = requester;
  }

  @Override
  public Health health() {
    if (!(this.requester.rsocket() instanceof RSocketClient client)) {
      return Health.unknown().withDetail("state", "not a lazily connecting requester").build();
    }
    if (client.isDisposed()) {
      return Health.down().withDetail("state", "disposed").build();
    }
    if (client.isConnected()) {
      return Health.up().withDetail("state", "connected").build();
    }
    Throwable error = client.lastConnectError();
    if (error != null) {
      return Health.down(error).withDetail("state", "failing").build();
    }
    return Health.unknown().withDetail("state", "not connected yet (connects on the first request)")
        .build();
  }
}

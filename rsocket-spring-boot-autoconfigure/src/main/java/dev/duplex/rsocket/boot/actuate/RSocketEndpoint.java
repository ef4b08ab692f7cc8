package dev.duplex.rsocket.boot.actuate;

import java.util.Map;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The {@code rsocket} actuator endpoint: every RSocket server with its live connections (remote
 * address, setup MIME types, keepalive, age, active streams).
 */
@Endpoint(id = "rsocket")
public class RSocketEndpoint {

  private final RSocketServers servers;

  /** Creates the endpoint over {@code servers}. */
  public RSocketEndpoint(RSocketServers servers) {
    this.servers = servers;
  }

  /** The servers and their connections. */
  @ReadOperation
  public RSocketServersDescriptor servers() {
    return new RSocketServersDescriptor(this.servers.describe(true));
  }

  /**
   * The servers, by name.
   *
   * @param servers each server with its connections
   */
  public record RSocketServersDescriptor(Map<String, RSocketServerDescriptor> servers)
      implements OperationResponseBody {
  }
}

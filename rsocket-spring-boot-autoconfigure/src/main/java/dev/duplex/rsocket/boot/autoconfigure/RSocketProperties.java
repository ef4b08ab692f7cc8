package dev.duplex.rsocket.boot.autoconfigure;

import dev.duplex.rsocket.boot.server.DuplexRSocketServer;
import java.net.InetAddress;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties for RSocket on the Duplex engine, under {@code spring.rsocket}: Spring
 * Boot's names and meaning, plus settings of the engine that Spring Boot lacks.
 */
@ConfigurationProperties("spring.rsocket")
public class RSocketProperties {

  /** The RSocket server. */
  @NestedConfigurationProperty
  private final Server server = new Server();

  public Server getServer() {
    return this.server;
  }

  /** Properties of the RSocket server, under {@code spring.rsocket.server}. */
  public static class Server {

    /**
     * Port of a standalone RSocket server; setting it starts the server, 0 picks a free port.
     */
    private @Nullable Integer port;

    /** Network address the server binds to; all addresses when not set. */
    private @Nullable InetAddress address;

    /** RSocket transport protocol. */
    private DuplexRSocketServer.Transport transport = DuplexRSocketServer.Transport.TCP;

    /**
     * Path of the RSocket WebSocket route on the WebFlux Reactor Netty server, sharing its port;
     * used when no port is set and the transport is websocket.
     */
    private @Nullable String mappingPath;

    /**
     * Largest outbound frame, length prefix included, before a payload is fragmented: 0 or at
     * least 64B. No fragmentation when not set.
     */
    private @Nullable DataSize fragmentSize;

    /**
     * Time a client has to send its SETUP frame after connecting; the connection is closed with
     * INVALID_SETUP after it.
     */
    private Duration maxTimeToFirstFrame = Duration.ofSeconds(10);

    /**
     * Largest payload reassembled from fragments; a larger one fails its stream.
     */
    private DataSize maxInboundPayloadSize = DataSize.ofMegabytes(64);

    public @Nullable Integer getPort() {
      return this.port;
    }

    public void setPort(@Nullable Integer port) {
      this.port = port;
    }

    public @Nullable InetAddress getAddress() {
      return this.address;
    }

    public void setAddress(@Nullable InetAddress address) {
      this.address = address;
    }

    public DuplexRSocketServer.Transport getTransport() {
      return this.transport;
    }

    public void setTransport(DuplexRSocketServer.Transport transport) {
      this.transport = transport;
    }

    public @Nullable String getMappingPath() {
      return this.mappingPath;
    }

    public void setMappingPath(@Nullable String mappingPath) {
      this.mappingPath = mappingPath;
    }

    public @Nullable DataSize getFragmentSize() {
      return this.fragmentSize;
    }

    public void setFragmentSize(@Nullable DataSize fragmentSize) {
      this.fragmentSize = fragmentSize;
    }

    public Duration getMaxTimeToFirstFrame() {
      return this.maxTimeToFirstFrame;
    }

    public void setMaxTimeToFirstFrame(Duration maxTimeToFirstFrame) {
      this.maxTimeToFirstFrame = maxTimeToFirstFrame;
    }

    public DataSize getMaxInboundPayloadSize() {
      return this.maxInboundPayloadSize;
    }

    public void setMaxInboundPayloadSize(DataSize maxInboundPayloadSize) {
      this.maxInboundPayloadSize = maxInboundPayloadSize;
    }
  }
}

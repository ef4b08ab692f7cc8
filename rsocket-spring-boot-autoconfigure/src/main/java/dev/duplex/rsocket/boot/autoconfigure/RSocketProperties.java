package dev.duplex.rsocket.boot.autoconfigure;

import dev.duplex.rsocket.boot.server.DuplexRSocketServer;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.util.MimeType;
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

  /** The RSocket client behind the auto-configured {@code RSocketRequester} bean. */
  @NestedConfigurationProperty
  private final Client client = new Client();

  /** Observations of RSocket requests. */
  @NestedConfigurationProperty
  private final Observations observations = new Observations();

  public Server getServer() {
    return this.server;
  }

  public Observations getObservations() {
    return this.observations;
  }

  public Client getClient() {
    return this.client;
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

    /**
     * Extra standalone servers, each on its own port, serving the same message handler with the
     * same fragment-size, max-time-to-first-frame, max-inbound-payload-size and server
     * customizers as the main server, with or without a main server on port; for instance TCP
     * on port and WebSocket on a listener:
     *
     * <pre>
     * spring.rsocket.server.port=7000
     * spring.rsocket.server.listeners[0].transport=websocket
     * spring.rsocket.server.listeners[0].port=7001
     * spring.rsocket.server.listeners[0].path=/rsocket
     * </pre>
     *
     * Each bound port is published as local.rsocket.server.listeners[i].port.
     */
    private final List<Listener> listeners = new ArrayList<>();

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

    public List<Listener> getListeners() {
      return this.listeners;
    }
  }

  /**
   * An extra standalone server, under {@code spring.rsocket.server.listeners[i]} (not in Spring
   * Boot).
   */
  public static class Listener {

    /** RSocket transport protocol of the listener. */
    private DuplexRSocketServer.Transport transport = DuplexRSocketServer.Transport.TCP;

    /** Port of the listener, required; 0 picks a free port. */
    private @Nullable Integer port;

    /** Network address the listener binds to; all addresses when not set. */
    private @Nullable InetAddress address;

    /** Path upgraded to WebSocket, starting with '/'; websocket transport only. */
    private String path = "/";

    public DuplexRSocketServer.Transport getTransport() {
      return this.transport;
    }

    public void setTransport(DuplexRSocketServer.Transport transport) {
      this.transport = transport;
    }

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

    public String getPath() {
      return this.path;
    }

    public void setPath(String path) {
      this.path = path;
    }
  }

  /**
   * Properties of the RSocket client, under {@code spring.rsocket.client}: setting {@code port}
   * (TCP) or {@code uri} (WebSocket) defines an {@code RSocketRequester} bean that connects on its
   * first request (not in Spring Boot).
   */
  public static class Client {

    /** RSocket transport protocol: tcp (host and port) or websocket (uri). */
    private DuplexRSocketServer.Transport transport = DuplexRSocketServer.Transport.TCP;

    /** Host of the RSocket server to connect to over TCP. */
    private String host = "localhost";

    /**
     * Port of the RSocket server to connect to over TCP; setting it defines the requester bean.
     */
    private @Nullable Integer port;

    /**
     * WebSocket URI of the RSocket server, such as ws://localhost:8080/rsocket; setting it defines
     * the requester bean, and the websocket transport needs it.
     */
    private @Nullable URI uri;

    /** Route of the SETUP payload, such as the route of a @ConnectMapping; none when not set. */
    private @Nullable String setupRoute;

    /**
     * Data of the SETUP payload, a string encoded with the data MIME type (a JSON string with
     * application/json); none when not set.
     */
    private @Nullable String setupData;

    /**
     * Data MIME type announced in SETUP for the whole connection. When not set, the MIME type of
     * the first decoder of the RSocket strategies that is not a basic one (JSON or CBOR when
     * Jackson is there), or else text/plain.
     */
    private @Nullable MimeType dataMimeType;

    /** How often the client sends KEEPALIVE frames. */
    private Duration keepAliveInterval = Duration.ofSeconds(20);

    /**
     * How long the connection may go without a frame from the server before it is closed.
     */
    private Duration keepAliveMaxLifetime = Duration.ofSeconds(90);

    /**
     * First delay before retrying a failed connection attempt, doubled (with jitter) after each
     * failure; when not set, a failed attempt fails the request that needed the connection.
     */
    private @Nullable Duration reconnectBackoff;

    /**
     * Most retries of a failed connection attempt when reconnect-backoff is set; then the request
     * that needed the connection fails. Unlimited by default: the request waits until it
     * connects or is cancelled (by its timeout, for instance).
     */
    private long reconnectMaxAttempts = Long.MAX_VALUE;

    public DuplexRSocketServer.Transport getTransport() {
      return this.transport;
    }

    public void setTransport(DuplexRSocketServer.Transport transport) {
      this.transport = transport;
    }

    public String getHost() {
      return this.host;
    }

    public void setHost(String host) {
      this.host = host;
    }

    public @Nullable Integer getPort() {
      return this.port;
    }

    public void setPort(@Nullable Integer port) {
      this.port = port;
    }

    public @Nullable URI getUri() {
      return this.uri;
    }

    public void setUri(@Nullable URI uri) {
      this.uri = uri;
    }

    public @Nullable String getSetupRoute() {
      return this.setupRoute;
    }

    public void setSetupRoute(@Nullable String setupRoute) {
      this.setupRoute = setupRoute;
    }

    public @Nullable String getSetupData() {
      return this.setupData;
    }

    public void setSetupData(@Nullable String setupData) {
      this.setupData = setupData;
    }

    public @Nullable MimeType getDataMimeType() {
      return this.dataMimeType;
    }

    public void setDataMimeType(@Nullable MimeType dataMimeType) {
      this.dataMimeType = dataMimeType;
    }

    public Duration getKeepAliveInterval() {
      return this.keepAliveInterval;
    }

    public void setKeepAliveInterval(Duration keepAliveInterval) {
      this.keepAliveInterval = keepAliveInterval;
    }

    public Duration getKeepAliveMaxLifetime() {
      return this.keepAliveMaxLifetime;
    }

    public void setKeepAliveMaxLifetime(Duration keepAliveMaxLifetime) {
      this.keepAliveMaxLifetime = keepAliveMaxLifetime;
    }

    public @Nullable Duration getReconnectBackoff() {
      return this.reconnectBackoff;
    }

    public void setReconnectBackoff(@Nullable Duration reconnectBackoff) {
      this.reconnectBackoff = reconnectBackoff;
    }

    public long getReconnectMaxAttempts() {
      return this.reconnectMaxAttempts;
    }

    public void setReconnectMaxAttempts(long reconnectMaxAttempts) {
      this.reconnectMaxAttempts = reconnectMaxAttempts;
    }
  }

  /** Properties of the observations of requests, under {@code spring.rsocket.observations}. */
  public static class Observations {

    /**
     * Whether the message handler and the requester builders observe requests with the
     * ObservationRegistry bean, when there is one.
     */
    private boolean enabled = true;

    public boolean isEnabled() {
      return this.enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }
  }
}

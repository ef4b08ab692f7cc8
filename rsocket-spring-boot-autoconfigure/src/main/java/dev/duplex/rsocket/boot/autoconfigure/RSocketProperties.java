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
import org.springframework.boot.web.server.Ssl;
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

  /** Micrometer meters of RSocket connections. */
  private final Metrics metrics = new Metrics();

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

  public Metrics getMetrics() {
    return this.metrics;
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
     * How the servers shut down when the application context stops: graceful rejects new
     * requests (ERROR[REJECTED]) and connections and lets the streams in flight end, for up to
     * spring.lifecycle.timeout-per-shutdown-phase, before closing what is left; immediate closes
     * every connection at once. Follows server.shutdown when not set, so graceful by default.
     */
    private DuplexRSocketServer.@Nullable Shutdown shutdown;

    /**
     * Extra standalone servers, each on its own port, serving the same message handler with the
     * same fragment-size, max-time-to-first-frame, max-inbound-payload-size, spec and server
     * customizers as the main server, and its ssl unless they have their own, with or without a
     * main server on port; for instance TCP on port and WebSocket on a listener:
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

    /**
     * TLS of the standalone server, and of each listener without ssl of its own (Spring Boot's
     * Ssl: bundle, key store, PEM certificate, client auth). Not for the route on mapping-path,
     * whose TLS is the web server's server.ssl.
     */
    @NestedConfigurationProperty
    private @Nullable Ssl ssl;

    /**
     * WebSocket options of the standalone WebSocket server, the WebSocket listeners and the route
     * on mapping-path.
     */
    @NestedConfigurationProperty
    private final Spec spec = new Spec();

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

    public DuplexRSocketServer.@Nullable Shutdown getShutdown() {
      return this.shutdown;
    }

    public void setShutdown(DuplexRSocketServer.@Nullable Shutdown shutdown) {
      this.shutdown = shutdown;
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

    public @Nullable Ssl getSsl() {
      return this.ssl;
    }

    public void setSsl(@Nullable Ssl ssl) {
      this.ssl = ssl;
    }

    public Spec getSpec() {
      return this.spec;
    }
  }

  /** WebSocket options, under {@code spring.rsocket.server.spec}. */
  public static class Spec {

    /**
     * WebSocket sub-protocols accepted: the handshake names the first of them in the client's
     * list, and an upgrade offering none of them is refused with 400. Any upgrade when not set.
     */
    private List<String> protocols = new ArrayList<>();

    /**
     * Largest inbound WebSocket message (one RSocket frame), 6B to 16777215B. When not set,
     * 16777215B, the largest RSocket frame, so frames of any fragment size fit (Spring Boot keeps
     * Reactor Netty's 64KB).
     */
    private @Nullable DataSize maxFramePayloadLength;

    /**
     * Whether WebSocket pings are handed past Reactor Netty to the Duplex pipeline, which answers
     * them with a pong; either way a ping is answered and never reaches the RSocket connection.
     */
    private boolean handlePing;

    /** Whether the WebSocket compression extension (permessage-deflate) is negotiated. */
    private boolean compress;

    public List<String> getProtocols() {
      return this.protocols;
    }

    public void setProtocols(List<String> protocols) {
      this.protocols = protocols;
    }

    public @Nullable DataSize getMaxFramePayloadLength() {
      return this.maxFramePayloadLength;
    }

    public void setMaxFramePayloadLength(@Nullable DataSize maxFramePayloadLength) {
      this.maxFramePayloadLength = maxFramePayloadLength;
    }

    public boolean isHandlePing() {
      return this.handlePing;
    }

    public void setHandlePing(boolean handlePing) {
      this.handlePing = handlePing;
    }

    public boolean isCompress() {
      return this.compress;
    }

    public void setCompress(boolean compress) {
      this.compress = compress;
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

    /**
     * TLS of the listener; when none of its ssl properties is set, spring.rsocket.server.ssl
     * applies (set ssl.enabled=false for a plaintext listener).
     */
    @NestedConfigurationProperty
    private @Nullable Ssl ssl;

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

    public @Nullable Ssl getSsl() {
      return this.ssl;
    }

    public void setSsl(@Nullable Ssl ssl) {
      this.ssl = ssl;
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

    /** TLS of the client's connection. */
    @NestedConfigurationProperty
    private final ClientSsl ssl = new ClientSsl();

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

    public ClientSsl getSsl() {
      return this.ssl;
    }
  }

  /**
   * TLS of the RSocket client, under {@code spring.rsocket.client.ssl}: over TCP, and over
   * WebSocket, where it needs a wss:// URI.
   */
  public static class ClientSsl {

    /**
     * Whether the client connects over TLS; enabled when a bundle is set, unless set to false.
     * Over WebSocket, a wss:// URI enables it.
     */
    private @Nullable Boolean enabled;

    /**
     * SSL bundle (spring.ssl.bundle.*) whose trust material the client checks the server's
     * certificate with, and whose key, if any, the client presents. When not set, the JVM's
     * trusted certificate authorities.
     */
    private @Nullable String bundle;

    public @Nullable Boolean getEnabled() {
      return this.enabled;
    }

    public void setEnabled(@Nullable Boolean enabled) {
      this.enabled = enabled;
    }

    public @Nullable String getBundle() {
      return this.bundle;
    }

    public void setBundle(@Nullable String bundle) {
      this.bundle = bundle;
    }
  }

  /** Micrometer meters of RSocket connections (see RSocketConnectionMetrics). */
  public static class Metrics {

    /**
     * Whether to record meters of connections, streams and frames for each server and requester
     * when a MeterRegistry bean is present.
     */
    private boolean enabled = true;

    public boolean isEnabled() {
      return this.enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
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

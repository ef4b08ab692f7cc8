package dev.duplex.rsocket.messaging;

import dev.duplex.rsocket.ConnectionSetupPayload;
import dev.duplex.rsocket.RSocket;
import dev.duplex.rsocket.core.RSocketClient;
import dev.duplex.rsocket.messaging.observation.DefaultRSocketRequesterObservationConvention;
import dev.duplex.rsocket.messaging.observation.RSocketRequesterObservationConvention;
import dev.duplex.rsocket.transport.ClientTransport;
import io.micrometer.observation.ObservationRegistry;
import java.net.URI;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.ReactiveAdapterRegistry;
import org.springframework.core.codec.Decoder;
import org.springframework.util.MimeType;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A thin wrapper around a sending {@link RSocket} with a fluent API that takes and returns
 * higher-level objects, encoded and decoded with the {@link RSocketStrategies}, and prepares the
 * route and other metadata; Spring's {@code RSocketRequester} on the engine.
 *
 * <pre>{@code
 * RSocketRequester requester = RSocketRequester.builder()
 *     .rsocketStrategies(strategies)
 *     .tcp("localhost", 7000);
 *
 * Mono<String> echo = requester.route("echo.{user}", user)
 *     .data("Hello")
 *     .retrieveMono(String.class);
 * }</pre>
 *
 * <p>The interaction follows the input and output: {@link RetrieveSpec#send() send()} is
 * fire-and-forget, {@link RetrieveSpec#retrieveMono(Class) retrieveMono} request-response,
 * {@link RetrieveSpec#retrieveFlux(Class) retrieveFlux} request-stream, or request-channel when the
 * data is a multi-value {@link Publisher}, and {@link RequestSpec#sendMetadata()} metadata push.
 *
 * <p>Buffers: request data and metadata are encoded into buffers of the strategies'
 * {@code DataBufferFactory} and handed to the engine; response payloads are released once
 * decoded (or, for a {@code Void} element type, once received). Nothing is allocated until a
 * returned {@code Mono} or {@code Flux} is subscribed.
 */
public interface RSocketRequester extends Disposable {

  /**
   * The client this requester sends through: made by the {@link Builder}'s
   * {@link Builder#tcp(String, int) tcp}, {@link Builder#websocket(URI) websocket} or
   * {@link Builder#transport(ClientTransport) transport} methods, or passed to
   * {@link #wrap}.
   *
   * @return the client, or {@code null} when this requester wraps an {@code RSocket} that is not
   *     an {@code RSocketClient} (as a responder's requester for its connection does)
   */
  @Nullable RSocketClient rsocketClient();

  /**
   * The {@code RSocket} this requester sends requests through: the {@link #wrap wrapped} one (for
   * example a responder's {@link dev.duplex.rsocket.RSocketConnection RSocketConnection}), or for
   * a requester from the {@link Builder} its client, which sends over the current connection.
   *
   * <p>Spring's returns {@code null} for a requester from the builder; this one never does.
   */
  RSocket rsocket();

  /**
   * The data {@code MimeType} of the connection: on the client side set with
   * {@link Builder#dataMimeType(MimeType)}, on the server side taken from the
   * {@link ConnectionSetupPayload}.
   */
  MimeType dataMimeType();

  /**
   * The metadata {@code MimeType} of the connection: on the client side set with
   * {@link Builder#metadataMimeType(MimeType)}, on the server side taken from the
   * {@link ConnectionSetupPayload}.
   */
  MimeType metadataMimeType();

  /** The {@link RSocketStrategies} this requester encodes and decodes with. */
  RSocketStrategies strategies();

  /**
   * Begins a request to the remote handler for {@code route}.
   *
   * <p>The route may be a template with placeholders, such as {@code "flight.{code}"}: the
   * variables are formatted with {@code toString()} and expanded into the template in order; a
   * {@code "."} in a formatted value is escaped as {@code "%2E"} so the responder does not read it
   * as a separator.
   *
   * <p>With composite metadata the route is encoded as a {@code message/x.rsocket.routing.v0}
   * entry; otherwise it is encoded according to the connection's metadata MIME type.
   *
   * @param route the route of a remote handler
   * @param routeVars the values of the template's variables
   * @return a spec to further define and perform the request
   */
  RequestSpec route(String route, Object... routeVars);

  /**
   * Begins a request with a metadata value: a concrete value or a producer of a single value
   * adaptable to a {@link Publisher} through the {@link ReactiveAdapterRegistry}.
   *
   * @param metadata the metadata value to encode
   * @param mimeType the MIME type of the value; required with composite metadata, otherwise
   *     optional, and then the value is encoded with the connection's metadata MIME type
   * @return a spec to further define and perform the request
   */
  RequestSpec metadata(Object metadata, @Nullable MimeType mimeType);

  /**
   * Closes the connection: disposes {@link #rsocket()} when it is {@link Disposable} (a client
   * disposes its connection and accepts no more requests).
   */
  @Override
  default void dispose() {
    if (rsocket() instanceof Disposable disposable) {
      disposable.dispose();
    }
  }

  /** Whether {@link #rsocket()} is {@link Disposable} and disposed. */
  @Override
  default boolean isDisposed() {
    return rsocket() instanceof Disposable disposable && disposable.isDisposed();
  }

  /** A builder for a client requester that connects to an RSocket server. */
  static Builder builder() {
    return new DefaultRSocketRequesterBuilder();
  }

  /**
   * A requester that sends through {@code rsocket}: typically the framework's wrapper for the
   * remote side of a client or server responder's connection, but any {@code RSocket} will do.
   *
   * @param rsocket the {@code RSocket} to send requests through
   * @param dataMimeType the connection's data MIME type
   * @param metadataMimeType the connection's metadata MIME type
   * @param strategies the encoders, decoders and buffer factory to use
   */
  static RSocketRequester wrap(RSocket rsocket, MimeType dataMimeType, MimeType metadataMimeType,
      RSocketStrategies strategies) {
    return new DefaultRSocketRequester(rsocket, dataMimeType, metadataMimeType, strategies);
  }

  /**
   * {@link #wrap(RSocket, MimeType, MimeType, RSocketStrategies)}, observing each request with
   * {@code observationRegistry} as {@link Builder#observationRegistry} does; the
   * {@link dev.duplex.rsocket.messaging.annotation.support.RSocketMessageHandler} gives its own
   * registry to the requester it hands handlers for calls back to the client.
   *
   * @param observationRegistry the registry of the requests' observations
   */
  static RSocketRequester wrap(RSocket rsocket, MimeType dataMimeType, MimeType metadataMimeType,
      RSocketStrategies strategies, ObservationRegistry observationRegistry) {
    return new DefaultRSocketRequester(rsocket, dataMimeType, metadataMimeType, strategies,
        observationRegistry, null);
  }

  /**
   * Builds a client requester; not thread-safe.
   *
   * <p>Spring's {@code transports(Publisher<List<LoadbalanceTarget>>, LoadbalanceStrategy)}
   * (client-side load balancing, built on rsocket-java's {@code LoadbalanceRSocketClient}) and
   * its deprecated {@code connect}, {@code connectTcp} and {@code connectWebSocket} methods are
   * left out.
   */
  interface Builder {

    /**
     * The data MIME type to announce in SETUP, for the whole connection.
     *
     * <p>If not set: the MIME type of the first {@link RSocketStrategies.Builder#decoder(Decoder[])
     * configured} decoder that is not one of Spring's basic codecs (such as a JSON or CBOR
     * decoder), or else of the first decoder ({@code text/plain} with the default strategies).
     */
    Builder dataMimeType(@Nullable MimeType mimeType);

    /**
     * The metadata MIME type to announce in SETUP, for the whole connection.
     *
     * <p>By default {@code message/x.rsocket.composite-metadata.v0}: the route, if any, is then a
     * {@code message/x.rsocket.routing.v0} entry. With any other MIME type, the route is encoded
     * as a value of that type.
     */
    Builder metadataMimeType(MimeType mimeType);

    /**
     * The data of the setup payload, encoded with the {@link #dataMimeType(MimeType) data MIME
     * type}: a concrete value or a producer of a single value adaptable to a {@link Publisher}
     * through the {@link ReactiveAdapterRegistry}. Not set by default.
     */
    Builder setupData(Object data);

    /**
     * The route of the setup payload, formatted and encoded as a request's
     * {@link RSocketRequester#route(String, Object...) route}. Not set by default.
     */
    Builder setupRoute(String route, Object... routeVars);

    /**
     * Adds a metadata value to the setup payload: a concrete value or a producer of a single
     * value adaptable to a {@link Publisher} through the {@link ReactiveAdapterRegistry}. Composite
     * metadata must be in use if this is called more than once or together with
     * {@link #setupRoute(String, Object...)}.
     */
    Builder setupMetadata(Object value, @Nullable MimeType mimeType);

    /**
     * The {@link RSocketStrategies} to use; {@link #rsocketStrategies(Consumer)} can still
     * customize them. If not set, {@link RSocketStrategies#builder()}'s defaults.
     */
    Builder rsocketStrategies(@Nullable RSocketStrategies strategies);

    /**
     * Customizes the {@link RSocketStrategies}: a {@link RSocketStrategies#mutate() mutated}
     * copy of the ones {@link #rsocketStrategies(RSocketStrategies) set}, or the
     * {@link RSocketStrategies#builder()} defaults.
     */
    Builder rsocketStrategies(Consumer<RSocketStrategies.Builder> configurer);

    /**
     * Configures the {@code RSocketConnector} directly (keepalive, fragmentation, reconnect,
     * a client responder through {@code acceptor}...).
     *
     * <ul>
     *   <li>The data and metadata MIME types set on the connector are overridden: use
     *       {@link #dataMimeType(MimeType)} and {@link #metadataMimeType(MimeType)} instead.
     *   <li>A setup payload set on the connector is replaced when {@link #setupData(Object)},
     *       {@link #setupRoute(String, Object...)} or {@link #setupMetadata(Object, MimeType)} is
     *       used; they take values to encode rather than a raw payload.
     * </ul>
     *
     * <p>Spring's also sets rsocket-java's payload decoder to match the buffer factory; the
     * engine always hands out payloads without copying, so there is nothing to set.
     */
    Builder rsocketConnector(RSocketConnectorConfigurer configurer);

    /**
     * The registry to observe requests with: each request is an observation named
     * {@code rsocket.requester.requests} by default, whose trace context goes into the request's
     * composite metadata (see
     * {@link dev.duplex.rsocket.messaging.observation.RSocketPropagationMetadata}). By default
     * {@link ObservationRegistry#NOOP}: requests are not observed and cost nothing extra.
     */
    Builder observationRegistry(ObservationRegistry observationRegistry);

    /**
     * The convention that names and tags the observations of requests; by default a
     * {@link DefaultRSocketRequesterObservationConvention}.
     */
    Builder observationConvention(
        @Nullable RSocketRequesterObservationConvention observationConvention);

    /**
     * Applies {@code configurer} to this builder, so that a library can offer a set of related
     * customizations as one.
     */
    Builder apply(Consumer<Builder> configurer);

    /**
     * A requester whose {@link RSocketClient} connects over TCP to {@code host} and
     * {@code port}. Requests, made concurrently, share one connection, opened on the first
     * request and opened again on the next request once it is lost.
     */
    RSocketRequester tcp(String host, int port);

    /**
     * A requester whose {@link RSocketClient} connects over WebSocket to {@code uri}, sharing
     * its connection as {@link #tcp(String, int)} does.
     */
    RSocketRequester websocket(URI uri);

    /**
     * A requester whose {@link RSocketClient} connects through {@code transport}, sharing its
     * connection as {@link #tcp(String, int)} does.
     *
     * <p>Setup values given as concrete values are encoded here, so an encoding error is thrown
     * by this method; asynchronous ones are resolved for each connection, as it opens.
     */
    RSocketRequester transport(ClientTransport transport);
  }

  /** Declares the metadata and data of a request. */
  interface RequestSpec extends MetadataSpec<RequestSpec>, RetrieveSpec {

    /**
     * Adds metadata entries through a {@code Consumer}, so that a library such as Spring
     * Security can offer a set of customizations as one.
     *
     * @throws IllegalArgumentException if composite metadata is not in use
     */
    RequestSpec metadata(Consumer<MetadataSpec<?>> configurer);

    /** Performs a {@link RSocket#metadataPush(dev.duplex.rsocket.Payload) metadata push}. */
    Mono<Void> sendMetadata();

    /**
     * The data of the request: a concrete value, a {@link Publisher} of values, or another
     * producer of values adaptable to a {@link Publisher} through the
     * {@link ReactiveAdapterRegistry}.
     *
     * @return a spec to declare the expected response
     */
    RetrieveSpec data(Object data);

    /**
     * Variant of {@link #data(Object)} with the type of the values produced, used to find an
     * encoder once, up front, rather than per value.
     *
     * @param producer a {@link Publisher} or another producer adaptable to one through the
     *     {@link ReactiveAdapterRegistry}
     * @param elementClass the type of the values
     */
    RetrieveSpec data(Object producer, Class<?> elementClass);

    /**
     * Variant of {@link #data(Object, Class)} for a generic element type.
     *
     * @param producer a {@link Publisher} or another producer adaptable to one through the
     *     {@link ReactiveAdapterRegistry}
     * @param elementTypeRef the type of the values
     */
    RetrieveSpec data(Object producer, ParameterizedTypeReference<?> elementTypeRef);
  }

  /**
   * Adds composite metadata entries.
   *
   * @param <S> the spec type, returned for chaining
   */
  interface MetadataSpec<S extends MetadataSpec<S>> {

    /**
     * Adds a metadata entry; composite metadata must be in use, otherwise an
     * {@link IllegalArgumentException} is thrown.
     *
     * @param metadata a value to encode with a suitable encoder, a
     *     {@link org.springframework.core.io.buffer.DataBuffer DataBuffer}, or a producer of a
     *     single value adaptable to a {@link Publisher} through the
     *     {@link ReactiveAdapterRegistry}
     * @param mimeType the MIME type of the entry
     */
    S metadata(Object metadata, MimeType mimeType);
  }

  /** Declares the expected response of a request, and performs it. */
  interface RetrieveSpec {

    /**
     * Performs a {@link RSocket#fireAndForget fire-and-forget} with the data and metadata.
     *
     * @return completes once the request is sent: a one-way send, with no indication of whether
     *     or how the remote end handled it
     */
    Mono<Void> send();

    /**
     * Performs a {@link RSocket#requestResponse request-response}.
     *
     * <p>With a {@code Void} data type, the {@code Mono} completes once the response has arrived
     * (and has been released).
     *
     * @param dataType the type to decode the response data to
     * @param <T> the type of the response
     * @return the decoded response
     * @throws IllegalStateException if the data is a multi-value {@link Publisher}: there is no
     *     many-to-one interaction
     */
    <T> Mono<T> retrieveMono(Class<T> dataType);

    /** Variant of {@link #retrieveMono(Class)} for a generic data type. */
    <T> Mono<T> retrieveMono(ParameterizedTypeReference<T> dataTypeRef);

    /**
     * Performs a {@link RSocket#requestResponse request-response} like
     * {@link #retrieveMono(Class)}, and also gives the metadata the responder sent back (see
     * {@link ResponseMetadata}); beyond Spring.
     */
    <T> Mono<RSocketResponse<T>> retrieveResponse(Class<T> dataType);

    /** Variant of {@link #retrieveResponse(Class)} for a generic data type. */
    <T> Mono<RSocketResponse<T>> retrieveResponse(ParameterizedTypeReference<T> dataTypeRef);

    /**
     * Performs a {@link RSocket#requestStream request-stream}, or a
     * {@link RSocket#requestChannel request-channel} when the data is a multi-value
     * {@link Publisher}.
     *
     * <p>With a {@code Void} data type, the {@code Flux} completes once every response has
     * arrived (and has been released).
     *
     * @param dataType the type to decode each response's data to
     * @param <T> the type of the responses
     * @return the decoded responses
     */
    <T> Flux<T> retrieveFlux(Class<T> dataType);

    /** Variant of {@link #retrieveFlux(Class)} for a generic data type. */
    <T> Flux<T> retrieveFlux(ParameterizedTypeReference<T> dataTypeRef);
  }
}

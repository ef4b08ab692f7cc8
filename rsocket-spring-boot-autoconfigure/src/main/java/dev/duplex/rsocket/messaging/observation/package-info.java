/**
 * Micrometer Observation support for RSocket requests, in the style of Spring Framework's
 * {@code org.springframework.http.server.reactive.observation}: one observation per request on the
 * requester ({@link dev.duplex.rsocket.messaging.observation.RSocketRequesterObservationContext})
 * and on the responder
 * ({@link dev.duplex.rsocket.messaging.observation.RSocketResponderObservationContext}), named and
 * tagged by replaceable conventions and documented by
 * {@link dev.duplex.rsocket.messaging.observation.RSocketObservationDocumentation}.
 *
 * <p>Trace context crosses the connection in composite metadata, one entry per propagation field
 * whose MIME type is the field's name ({@code traceparent}, {@code b3}, ...), as rsocket-java's
 * {@code rsocket-micrometer} writes it; see
 * {@link dev.duplex.rsocket.messaging.observation.RSocketPropagationMetadata}.
 */
@NullMarked
package dev.duplex.rsocket.messaging.observation;

import org.jspecify.annotations.NullMarked;

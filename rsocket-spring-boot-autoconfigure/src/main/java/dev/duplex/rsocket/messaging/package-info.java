/**
 * Spring's RSocket support ({@code org.springframework.messaging.rsocket}) on the Duplex engine:
 * {@link dev.duplex.rsocket.messaging.RSocketRequester} (with its builder and request specs, and
 * {@link dev.duplex.rsocket.messaging.RSocketConnectorConfigurer}),
 * {@link dev.duplex.rsocket.messaging.RSocketStrategies} (codecs, route matcher, buffer factory and
 * metadata extractor), {@link dev.duplex.rsocket.messaging.MetadataExtractor} with its default
 * implementation and registry, and {@link dev.duplex.rsocket.messaging.PayloadUtils}. Types, method
 * names and error messages are Spring's, so code written for Spring's classes needs only new
 * imports; they work on {@link dev.duplex.rsocket.Payload} and read and write composite and routing
 * metadata with the engine's {@code frame.metadata} codecs, without rsocket-java.
 *
 * <p>With an {@code ObservationRegistry} ({@code RSocketRequester.Builder#observationRegistry}),
 * each request is observed and carries its trace context; see
 * {@link dev.duplex.rsocket.messaging.observation}.
 *
 * <p>Buffers: with the default {@code NettyDataBufferFactory}, payload data and metadata are
 * wrapped, not copied, between Netty's {@code ByteBuf} and Spring's {@code DataBuffer}. Each method
 * says whether it consumes, borrows or returns an owned payload or buffer.
 */
@NullMarked
package dev.duplex.rsocket.messaging;

import org.jspecify.annotations.NullMarked;

/**
 * Annotated RSocket responders on the Duplex engine: Spring's
 * {@code org.springframework.messaging.rsocket.annotation.support} with the same type names,
 * behaviour and error messages. {@link RSocketMessageHandler} maps {@code @MessageMapping},
 * {@code @ConnectMapping} and {@code @RSocketExchange} methods and serves them through an engine
 * {@link dev.duplex.rsocket.SocketAcceptor}; the frame-type condition picks the interaction from the
 * method's input and output cardinality; the argument resolver injects the connection's
 * {@link dev.duplex.rsocket.messaging.RSocketRequester}; the return-value handler encodes results
 * into response payloads.
 *
 * <p>Buffers: each request payload is turned into {@code DataBuffer}s (wrapped, not copied, with
 * the default {@code NettyDataBufferFactory}) and released on every path, including no handler,
 * handler errors and input the handler never reads.
 */
@NullMarked
package dev.duplex.rsocket.messaging.annotation.support;

import org.jspecify.annotations.NullMarked;

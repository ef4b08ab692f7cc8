/**
 * The RSocket programming model: {@link dev.duplex.rsocket.RSocket} (the four interactions and
 * metadata push, for making requests and for answering them), {@link dev.duplex.rsocket.Payload},
 * {@link dev.duplex.rsocket.SocketAcceptor} and the live {@link dev.duplex.rsocket.RSocketConnection}.
 *
 * <p>Buffers: a {@code Payload} handed to the engine (a request, a response) is consumed by it; a
 * {@code Payload} the engine hands to user code (a request to a responder, a response to a
 * requester) is owned by that code, which releases it.
 */
@NullMarked
package dev.duplex.rsocket;

import org.jspecify.annotations.NullMarked;

/**
 * RSocket over WebSocket: {@link dev.duplex.rsocket.transport.websocket.WebSocketServerTransport}
 * and {@link dev.duplex.rsocket.transport.websocket.WebSocketClientTransport}, on Reactor Netty's
 * HTTP server and client, and {@link dev.duplex.rsocket.transport.websocket.WebSocketRouteHandler}
 * for a route of an HTTP server the application runs already. WebSocket keeps message boundaries,
 * so each binary message carries exactly one RSocket frame and no length prefix (checklist #4);
 * fragmented messages are joined up to 16,777,215 bytes by default (checklist #5), and a text
 * message is a transport error. Servers take WebSocket sub-protocols, compression and ping
 * handling options; servers and clients take a Netty {@code SslContext} for TLS ({@code wss://}).
 *
 * <p>Connections use Netty's pooled allocator: its slices are recycled, so reading a frame and
 * handing its payload to the application allocates no buffer objects. A customizer may set
 * another {@code ChannelOption.ALLOCATOR}.
 */
@NullMarked
package dev.duplex.rsocket.transport.websocket;

import org.jspecify.annotations.NullMarked;

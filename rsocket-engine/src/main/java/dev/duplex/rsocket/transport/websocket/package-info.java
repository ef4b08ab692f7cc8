/**
 * RSocket over WebSocket: {@link dev.duplex.rsocket.transport.websocket.WebSocketServerTransport}
 * and {@link dev.duplex.rsocket.transport.websocket.WebSocketClientTransport}, on Reactor Netty's
 * HTTP server and client. WebSocket keeps message boundaries, so each binary message carries
 * exactly one RSocket frame and no length prefix (checklist #4); fragmented messages are joined up
 * to 16,777,215 bytes by default (checklist #5), and a text message is a transport error.
 */
@NullMarked
package dev.duplex.rsocket.transport.websocket;

import org.jspecify.annotations.NullMarked;

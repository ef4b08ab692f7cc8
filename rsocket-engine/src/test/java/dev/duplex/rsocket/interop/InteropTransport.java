package dev.duplex.rsocket.interop;

import dev.duplex.rsocket.transport.ClientTransport;
import dev.duplex.rsocket.transport.ServerTransport;
import dev.duplex.rsocket.transport.tcp.TcpClientTransport;
import dev.duplex.rsocket.transport.tcp.TcpServerTransport;
import dev.duplex.rsocket.transport.websocket.WebSocketClientTransport;
import dev.duplex.rsocket.transport.websocket.WebSocketServerTransport;
import java.net.InetSocketAddress;

/** The transports the interop tests run over, for our side and rsocket-java's. */
enum InteropTransport {
  TCP,
  WEBSOCKET;

  ServerTransport duplexServer() {
    return this == TCP ? TcpServerTransport.create("127.0.0.1", 0)
        : WebSocketServerTransport.create("127.0.0.1", 0);
  }

  ClientTransport duplexClient(InetSocketAddress address) {
    return this == TCP ? TcpClientTransport.create("127.0.0.1", address.getPort())
        : WebSocketClientTransport.create("127.0.0.1", address.getPort());
  }

  io.rsocket.transport.ServerTransport<io.rsocket.transport.netty.server.CloseableChannel>
      rsocketJavaServer() {
    return this == TCP
        ? io.rsocket.transport.netty.server.TcpServerTransport.create("127.0.0.1", 0)
        : io.rsocket.transport.netty.server.WebsocketServerTransport.create("127.0.0.1", 0);
  }

  io.rsocket.transport.ClientTransport rsocketJavaClient(InetSocketAddress address) {
    return this == TCP
        ? io.rsocket.transport.netty.client.TcpClientTransport.create("127.0.0.1",
            address.getPort())
        : io.rsocket.transport.netty.client.WebsocketClientTransport.create("127.0.0.1",
            address.getPort());
  }
}

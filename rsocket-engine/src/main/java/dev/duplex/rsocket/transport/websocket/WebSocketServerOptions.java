package dev.duplex.rsocket.transport.websocket;

import dev.duplex.rsocket.frame.FrameWriter;
import java.util.List;
import java.util.Objects;
import reactor.netty.http.server.WebsocketServerSpec;

/**
 * The WebSocket handshake and message options that {@link WebSocketServerTransport} and
 * {@link WebSocketRouteHandler} share, and the Reactor Netty spec they make.
 *
 * @param maxFramePayloadLength the longest inbound message, in bytes
 * @param protocols the sub-protocols the server accepts; any upgrade when empty
 * @param handlePing whether pings reach the Duplex pipeline, which answers them, instead of being
 *     answered by Reactor Netty
 * @param compress whether the permessage-deflate and deflate-frame extensions are negotiated
 */
record WebSocketServerOptions(int maxFramePayloadLength, List<String> protocols, boolean handlePing,
    boolean compress) {

  static final WebSocketServerOptions DEFAULT =
      new WebSocketServerOptions(FrameWriter.MAX_FRAME_LENGTH, List.of(), false, false);

  WebSocketServerOptions withMaxFramePayloadLength(int length) {
    return new WebSocketServerOptions(WebSocketPipeline.checkMaxFramePayloadLength(length),
        protocols, handlePing, compress);
  }

  WebSocketServerOptions withProtocols(String... protocols) {
    Objects.requireNonNull(protocols, "protocols");
    for (String protocol : protocols) {
      if (protocol == null || protocol.isBlank() || protocol.contains(",")
          || !protocol.equals(protocol.strip())) {
        throw new IllegalArgumentException("protocols: '" + protocol
            + "' (expected: a sub-protocol token, without commas or surrounding spaces)");
      }
    }
    return new WebSocketServerOptions(maxFramePayloadLength, List.of(protocols), handlePing,
        compress);
  }

  WebSocketServerOptions withHandlePing(boolean handlePing) {
    return new WebSocketServerOptions(maxFramePayloadLength, protocols, handlePing, compress);
  }

  WebSocketServerOptions withCompress(boolean compress) {
    return new WebSocketServerOptions(maxFramePayloadLength, protocols, handlePing, compress);
  }

  /** The spec of the upgrade: the same length, sub-protocols, ping handling and compression. */
  WebsocketServerSpec spec() {
    WebsocketServerSpec.Builder builder = WebsocketServerSpec.builder()
        .maxFramePayloadLength(maxFramePayloadLength)
        .handlePing(handlePing)
        .compress(compress);
    if (compress) {
      // a compressed frame inflates to at most what the aggregator would accept anyway
      builder.maxDecompressionBufferSize(maxFramePayloadLength);
    }
    if (!protocols.isEmpty()) {
      builder.protocols(String.join(",", protocols));
    }
    return builder.build();
  }
}

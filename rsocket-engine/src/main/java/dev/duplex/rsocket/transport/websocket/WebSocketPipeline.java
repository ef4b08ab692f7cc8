package dev.duplex.rsocket.transport.websocket;

import dev.duplex.rsocket.frame.FrameHeader;
import dev.duplex.rsocket.frame.FrameWriter;
import dev.duplex.rsocket.transport.netty.ChannelDuplexConnection;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import reactor.netty.Connection;

/**
 * Puts the message aggregator, the binary codec and the frame handler on a WebSocket connection.
 */
final class WebSocketPipeline {

  private WebSocketPipeline() {
  }

  /**
   * Adds, before Reactor Netty's own handlers at the end of the pipeline of an upgraded connection,
   * an aggregator of fragmented messages up to {@code maxFramePayloadLength} bytes, the
   * {@link BinaryMessageCodec}, answering pings if {@code answerPings}, and the handler of the
   * returned connection.
   */
  static ChannelDuplexConnection configure(Connection connection, int maxFramePayloadLength,
      boolean answerPings) {
    connection
        .addHandlerLast("duplex.webSocketAggregator",
            new WebSocketFrameAggregator(maxFramePayloadLength))
        .addHandlerLast("duplex.webSocketBinaryCodec", new BinaryMessageCodec(answerPings));
    ChannelDuplexConnection duplexConnection = new ChannelDuplexConnection(connection.channel());
    connection.addHandlerLast(ChannelDuplexConnection.HANDLER_NAME, duplexConnection.handler());
    return duplexConnection;
  }

  /** Returns {@code length} if it can carry any frame up to it, and throws otherwise. */
  static int checkMaxFramePayloadLength(int length) {
    if (length < FrameHeader.SIZE || length > FrameWriter.MAX_FRAME_LENGTH) {
      throw new IllegalArgumentException("maxFramePayloadLength: " + length
          + " (expected: " + FrameHeader.SIZE + ".." + FrameWriter.MAX_FRAME_LENGTH + ")");
    }
    return length;
  }
}

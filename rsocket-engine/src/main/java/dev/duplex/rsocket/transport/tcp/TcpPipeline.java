package dev.duplex.rsocket.transport.tcp;

import dev.duplex.rsocket.transport.netty.ChannelDuplexConnection;
import reactor.netty.Connection;

/** Puts the length codec and the frame handler on a Reactor Netty TCP connection. */
final class TcpPipeline {

  private static final FrameLengthEncoder ENCODER = new FrameLengthEncoder();

  private TcpPipeline() {
  }

  /**
   * Adds the length decoder and encoder, then the handler of the returned connection, before
   * Reactor Netty's own handlers at the end of the pipeline.
   */
  static ChannelDuplexConnection configure(Connection connection, int maxFrameLength) {
    connection.addHandlerLast("duplex.frameLengthDecoder", new FrameLengthDecoder(maxFrameLength))
        .addHandlerLast("duplex.frameLengthEncoder", ENCODER);
    ChannelDuplexConnection duplexConnection = new ChannelDuplexConnection(connection.channel());
    connection.addHandlerLast(ChannelDuplexConnection.HANDLER_NAME, duplexConnection.handler());
    return duplexConnection;
  }
}

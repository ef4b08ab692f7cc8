package dev.duplex.rsocket.transport.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Feeds a {@link ChannelDuplexConnection} and gives it the context its frames are written from:
 * each inbound {@link ByteBuf} is a whole frame for its receiver, and other messages (WebSocket
 * control frames, HTTP leftovers) pass on. Exceptions stop here, so handlers further on, such as
 * Reactor Netty's reactive bridge, do not close the channel over a frame the receiver may still
 * answer with an ERROR frame.
 */
final class FrameInboundHandler extends ChannelInboundHandlerAdapter {

  private final ChannelDuplexConnection connection;

  FrameInboundHandler(ChannelDuplexConnection connection) {
    this.connection = connection;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    connection.handlerAdded(ctx);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof ByteBuf frame) {
      connection.frameRead(frame);
    } else {
      ctx.fireChannelRead(msg);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    connection.readComplete();
    ctx.fireChannelReadComplete();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    connection.errorCaught(cause);
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    connection.writabilityChanged();
    ctx.fireChannelWritabilityChanged();
  }
}

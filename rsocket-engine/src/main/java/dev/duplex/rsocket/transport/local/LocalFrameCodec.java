package dev.duplex.rsocket.transport.local;

import dev.duplex.rsocket.transport.netty.ChannelDuplexConnection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.buffer.DefaultByteBufHolder;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * Keeps frame boundaries on a local channel. Netty's {@code LocalChannel} joins consecutive
 * {@link ByteBuf} messages into one buffer when it reads them, as if they were a byte stream, so
 * each outbound frame travels in a {@link ByteBufHolder} envelope, which it leaves alone, and each
 * inbound envelope is opened again. The frame's bytes are never copied; ownership passes with the
 * envelope.
 */
@ChannelHandler.Sharable
final class LocalFrameCodec extends ChannelDuplexHandler {

  static final LocalFrameCodec INSTANCE = new LocalFrameCodec();

  private LocalFrameCodec() {
  }

  /** Adds the codec, then the handler of the returned connection, to a connected channel. */
  static ChannelDuplexConnection install(Channel channel) {
    ChannelDuplexConnection connection = new ChannelDuplexConnection(channel);
    channel.pipeline()
        .addLast("duplex.localFrameCodec", INSTANCE)
        .addLast(ChannelDuplexConnection.HANDLER_NAME, connection.handler());
    return connection;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ctx.fireChannelRead(msg instanceof ByteBufHolder envelope ? envelope.content() : msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    ctx.write(msg instanceof ByteBuf frame ? new DefaultByteBufHolder(frame) : msg, promise);
  }
}

package dev.duplex.rsocket.transport.websocket;

import dev.duplex.rsocket.frame.FrameDecodingException;
import dev.duplex.rsocket.frame.FrameHeader;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;

/**
 * One RSocket frame per binary WebSocket message, without a length prefix (checklist #4).
 *
 * <p>Inbound, a whole {@link BinaryWebSocketFrame} (continuations already aggregated) passes on as
 * its content buffer, which the next handler owns; a message shorter than the 6-byte frame header
 * and a {@link TextWebSocketFrame} are released and reported as exceptions, leaving the connection
 * open; a pong, which nobody asked for, is dropped. A ping is answered here with a pong carrying
 * its application data (RFC 6455 §5.5.3) when the codec {@linkplain #BinaryMessageCodec(boolean)
 * answers pings}, which it must when Reactor Netty hands pings on ({@code handlePing}), since
 * nothing reads Reactor Netty's inbound; otherwise pings, like close frames and anything else, go
 * on to Reactor Netty, which answers them. Outbound, each {@link ByteBuf} frame is wrapped in a
 * {@code BinaryWebSocketFrame}, so the frame buffer is written without a copy.
 *
 * <p>Closing the channel sends a close frame with status 1000 first, unless one was sent already
 * (Reactor Netty answering the peer's), so the peer sees a WebSocket close rather than a dropped
 * connection. One instance per connection.
 */
final class BinaryMessageCodec extends ChannelDuplexHandler {

  private static final String TEXT_MESSAGE =
      "WebSocket text message received; RSocket frames travel in binary messages";

  private final boolean answerPings;

  private boolean closeSent;

  /**
   * A codec that answers pings itself if {@code answerPings}, or else passes them on to Reactor
   * Netty.
   */
  BinaryMessageCodec(boolean answerPings) {
    this.answerPings = answerPings;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof BinaryWebSocketFrame binary) {
      ByteBuf frame = binary.content();
      int length = frame.readableBytes();
      if (length < FrameHeader.SIZE) {
        frame.release();
        ctx.fireExceptionCaught(new FrameDecodingException(String.format(
            "WebSocket message of %d bytes is smaller than the %d-byte frame header (checklist #6)",
            length, FrameHeader.SIZE), null, 0, false));
      } else {
        ctx.fireChannelRead(frame);
      }
    } else if (msg instanceof TextWebSocketFrame text) {
      text.release();
      ctx.fireExceptionCaught(
          new CorruptedWebSocketFrameException(WebSocketCloseStatus.INVALID_MESSAGE_TYPE,
              TEXT_MESSAGE));
    } else if (msg instanceof PongWebSocketFrame pong) {
      pong.release();
    } else if (answerPings && msg instanceof PingWebSocketFrame ping) {
      ctx.writeAndFlush(new PongWebSocketFrame(ping.content()));
    } else {
      ctx.fireChannelRead(msg);
    }
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof ByteBuf frame) {
      ctx.write(new BinaryWebSocketFrame(frame), promise);
      return;
    }
    if (msg instanceof CloseWebSocketFrame) {
      closeSent = true;
    }
    ctx.write(msg, promise);
  }

  @Override
  public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
    if (!closeSent && ctx.channel().isActive()) {
      closeSent = true;
      ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE));
    }
    ctx.close(promise);
  }
}

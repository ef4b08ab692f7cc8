package dev.duplex.rsocket.transport.tcp;

import dev.duplex.rsocket.frame.FrameWriter;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.EncoderException;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/**
 * Writes the 24-bit length prefix before each outbound RSocket frame.
 *
 * <p>The prefix is a 3-byte buffer of its own, written ahead of the frame, so the frame's bytes are
 * never copied. The frame buffer is consumed; a frame above 16,777,215 bytes is released and fails
 * the write with an {@link EncoderException}.
 */
@ChannelHandler.Sharable
public final class FrameLengthEncoder extends MessageToMessageEncoder<ByteBuf> {

  /** Creates the encoder; it holds no state, so one instance may serve every channel. */
  public FrameLengthEncoder() {
    super(ByteBuf.class);
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
    int length = frame.readableBytes();
    if (length > FrameWriter.MAX_FRAME_LENGTH) {
      throw new EncoderException("Frame of " + length + " bytes exceeds RSocket's maximum of "
          + FrameWriter.MAX_FRAME_LENGTH + " bytes (expected: fragmentation with an MTU)");
    }
    out.add(ctx.alloc().buffer(FrameLengthDecoder.PREFIX_SIZE).writeMedium(length));
    out.add(frame.retain());
  }
}

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
 * <p>A frame of up to {@value #COPY_THRESHOLD} bytes is copied behind its prefix into one buffer;
 * a larger one gets a 3-byte prefix buffer of its own, so its bytes are never copied. The frame
 * buffer is consumed; a frame above 16,777,215 bytes is released and fails the write with an
 * {@link EncoderException}.
 */
@ChannelHandler.Sharable
public final class FrameLengthEncoder extends MessageToMessageEncoder<ByteBuf> {

  /** Frames up to this many bytes are copied behind their prefix into one buffer. */
  public static final int COPY_THRESHOLD = 1024;

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
    if (length <= COPY_THRESHOLD) {
      // one buffer: a small copy costs less than a second outbound entry and I/O vector
      ByteBuf prefixed = ctx.alloc().buffer(FrameLengthDecoder.PREFIX_SIZE + length);
      prefixed.writeMedium(length).writeBytes(frame, frame.readerIndex(), length);
      out.add(prefixed);
      return;
    }
    out.add(ctx.alloc().buffer(FrameLengthDecoder.PREFIX_SIZE).writeMedium(length));
    out.add(frame.retain());
  }
}

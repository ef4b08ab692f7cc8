package dev.duplex.rsocket.transport.tcp;

import dev.duplex.rsocket.frame.FrameDecodingException;
import dev.duplex.rsocket.frame.FrameHeader;
import dev.duplex.rsocket.frame.FrameWriter;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import org.jspecify.annotations.Nullable;

/**
 * Splits a TCP byte stream into RSocket frames by their 24-bit length prefix, and strips the prefix.
 *
 * <pre>
 * BEFORE (12 bytes)                      AFTER (9 bytes)
 * +----------+---------------------+      +---------------------+
 * | 00 00 09 | 9-byte RSocket frame| ---> | 9-byte RSocket frame|
 * +----------+---------------------+      +---------------------+
 * </pre>
 *
 * <p>Frames up to the protocol's maximum of 16,777,215 bytes are accepted (checklist #5), or up to a
 * smaller configured maximum, beyond which the frame's bytes are discarded and a
 * {@link io.netty.handler.codec.TooLongFrameException} is raised. A length below the 6-byte frame
 * header raises {@link FrameDecodingException} after skipping the frame, so the next frame still
 * decodes. Each emitted frame is a retained slice of the inbound bytes, owned by the next handler.
 */
public final class FrameLengthDecoder extends LengthFieldBasedFrameDecoder {

  /** Size of the length prefix in bytes. */
  public static final int PREFIX_SIZE = 3;

  /** Accepts frames up to RSocket's maximum of 16,777,215 bytes. */
  public FrameLengthDecoder() {
    this(FrameWriter.MAX_FRAME_LENGTH);
  }

  /**
   * Accepts frames up to {@code maxFrameLength} bytes, not counting the prefix.
   *
   * @param maxFrameLength at least 6 and at most 16,777,215
   */
  public FrameLengthDecoder(int maxFrameLength) {
    super(checkMaxFrameLength(maxFrameLength) + PREFIX_SIZE, 0, PREFIX_SIZE, 0, PREFIX_SIZE);
  }

  @Override
  protected @Nullable Object decode(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
    ByteBuf frame = (ByteBuf) super.decode(ctx, in);
    if (frame != null && frame.readableBytes() < FrameHeader.SIZE) {
      int length = frame.readableBytes();
      frame.release();
      throw new FrameDecodingException(String.format(
          "Frame length %d is smaller than the %d-byte frame header (checklist #6)",
          length, FrameHeader.SIZE), null, 0, false);
    }
    return frame;
  }

  /** Returns {@code maxFrameLength} if a decoder accepts it, and throws otherwise. */
  static int checkMaxFrameLength(int maxFrameLength) {
    if (maxFrameLength < FrameHeader.SIZE || maxFrameLength > FrameWriter.MAX_FRAME_LENGTH) {
      throw new IllegalArgumentException("maxFrameLength: " + maxFrameLength
          + " (expected: " + FrameHeader.SIZE + ".." + FrameWriter.MAX_FRAME_LENGTH + ")");
    }
    return maxFrameLength;
  }
}

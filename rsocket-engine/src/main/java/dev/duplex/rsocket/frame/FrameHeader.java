package dev.duplex.rsocket.frame;

import io.netty.buffer.ByteBuf;

/**
 * The 6-byte header every frame starts with, read by absolute index so the buffer's reader index
 * never moves.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-------------------------------------------------------------+
 * |0|                         Stream ID                           |
 * +-----------+-+-+-+-+-+-+-+-+-+-+-------------------------------+
 * |Frame Type |I|M|     Flags       |  ... type-specific fields
 * +-----------+-+-+-----------------+
 * </pre>
 *
 * The reserved top bit of the stream ID is sent as 0 and masked off when read (checklist #7).
 */
public final class FrameHeader {

  /** Size of the header in bytes; also the size of the smallest frame, CANCEL (checklist #6). */
  public static final int SIZE = 6;

  /** The largest stream ID, 2^31-1. */
  public static final int MAX_STREAM_ID = 0x7FFF_FFFF;

  private FrameHeader() {
  }

  /** The stream ID of the frame starting at the reader index (borrows {@code frame}). */
  public static int streamId(ByteBuf frame) {
    return frame.getInt(frame.readerIndex()) & MAX_STREAM_ID;
  }

  /** The 6-bit frame type code of the frame starting at the reader index (borrows {@code frame}). */
  public static int typeCode(ByteBuf frame) {
    return frame.getUnsignedShort(frame.readerIndex() + 4) >>> 10;
  }

  /** The 10 flag bits of the frame starting at the reader index (borrows {@code frame}). */
  public static int flags(ByteBuf frame) {
    return frame.getUnsignedShort(frame.readerIndex() + 4) & FrameFlags.MASK;
  }

  /** Writes a header at the writer index of {@code target} (borrows it). */
  public static ByteBuf write(ByteBuf target, int streamId, FrameType type, int flags) {
    return target.writeInt(streamId).writeShort(type.code() << 10 | (flags & FrameFlags.MASK));
  }
}

package dev.duplex.rsocket.frame;

import static dev.duplex.rsocket.frame.FrameFlags.COMPLETE;
import static dev.duplex.rsocket.frame.FrameFlags.FOLLOWS;
import static dev.duplex.rsocket.frame.FrameFlags.IGNORE;
import static dev.duplex.rsocket.frame.FrameFlags.LEASE;
import static dev.duplex.rsocket.frame.FrameFlags.METADATA;
import static dev.duplex.rsocket.frame.FrameFlags.NEXT;
import static dev.duplex.rsocket.frame.FrameFlags.RESPOND;
import static dev.duplex.rsocket.frame.FrameFlags.RESUME_ENABLE;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Decodes one whole frame (without the transport's length prefix) into a {@link FrameListener} call.
 *
 * <p>The frame is checked against its type's layout before the listener sees it; a frame that does
 * not fit raises {@link FrameDecodingException} and the listener is not called. Fields are read by
 * absolute index, the reader index does not move, and the only objects made are the slices
 * handed to the listener (retained, and released when it returns; recycled when the frame is
 * pooled) plus the two MIME strings of SETUP. The frame is <b>borrowed</b>: the caller releases it
 * after {@link #read} returns or throws. A reader instance may be reused, on one thread.
 */
public final class FrameReader {

  private static final int MAX_U31 = 0x7FFF_FFFF;
  private static final long MAX_U63 = Long.MAX_VALUE;

  private ByteBuf frame = Unpooled.EMPTY_BUFFER;
  private int base;
  private int length;
  private int streamId;
  private @Nullable FrameType type;
  private int flags;
  private final ByteBuf[] slices = new ByteBuf[3];
  private int sliceCount;

  /** A reader to reuse for frame after frame, on one thread. */
  public FrameReader() {
  }

  /**
   * Decodes {@code frame} and calls the matching {@code listener} method.
   *
   * @param frame one whole frame from its reader index to its writer index (borrowed)
   * @param listener receives the decoded fields
   * @throws FrameDecodingException if the bytes do not have the layout of the frame's type, or the
   *     type is unknown
   */
  public static void read(ByteBuf frame, FrameListener listener) {
    new FrameReader().decode(frame, listener);
  }

  /**
   * Decodes {@code frame} and calls the matching {@code listener} method; the same as
   * {@link #read} without making a reader per frame.
   *
   * @param frame one whole frame from its reader index to its writer index (borrowed)
   * @param listener receives the decoded fields
   * @throws FrameDecodingException if the bytes do not have the layout of the frame's type, or the
   *     type is unknown
   */
  public void decode(ByteBuf frame, FrameListener listener) {
    this.frame = frame;
    this.base = frame.readerIndex();
    this.length = frame.readableBytes();
    if (length < FrameHeader.SIZE) {
      throw new FrameDecodingException(String.format(
          "Frame of %d bytes is too short for the frame header at offset 0 (expected: >= %d bytes) "
              + "(checklist #6)",
          length, FrameHeader.SIZE), null, 0, false);
    }
    this.streamId = FrameHeader.streamId(frame);
    this.type = FrameType.fromCode(FrameHeader.typeCode(frame));
    this.flags = FrameHeader.flags(frame);
    try {
      dispatch(listener);
    } finally {
      for (int i = 0; i < sliceCount; i++) {
        slices[i].release();
        slices[i] = null;
      }
      sliceCount = 0;
      this.frame = Unpooled.EMPTY_BUFFER;
    }
  }

  private void dispatch(FrameListener listener) {
    FrameType t = type;
    if (t == null) {
      throw new FrameDecodingException(String.format(
          "Unknown frame type 0x%02X on stream %d with the ignore flag %s (checklist #14, #15)",
          FrameHeader.typeCode(frame), streamId, has(IGNORE) ? "set" : "clear"),
          null, streamId, has(IGNORE));
    }
    switch (t) {
      case SETUP -> readSetup(listener);
      case LEASE -> {
        require(10, "time-to-live", 6);
        require(14, "number of requests", 10);
        listener.onLease(streamId, u31(6), u31(10), has(METADATA) ? rest(14) : null);
      }
      case KEEPALIVE -> {
        require(14, "last received position", 6);
        listener.onKeepAlive(streamId, has(RESPOND), u63(6), rest(14));
      }
      case REQUEST_RESPONSE -> {
        int mdEnd = metadataEnd(6);
        listener.onRequestResponse(streamId, metadata(6), data(6, mdEnd), has(FOLLOWS));
      }
      case REQUEST_FNF -> {
        int mdEnd = metadataEnd(6);
        listener.onRequestFireAndForget(streamId, metadata(6), data(6, mdEnd), has(FOLLOWS));
      }
      case REQUEST_STREAM -> {
        require(10, "initial request n", 6);
        int mdEnd = metadataEnd(10);
        listener.onRequestStream(streamId, u31(6), metadata(10), data(10, mdEnd), has(FOLLOWS));
      }
      case REQUEST_CHANNEL -> {
        require(10, "initial request n", 6);
        int mdEnd = metadataEnd(10);
        listener.onRequestChannel(streamId, u31(6), metadata(10), data(10, mdEnd),
            has(FOLLOWS), has(COMPLETE));
      }
      case REQUEST_N -> {
        require(10, "request n", 6);
        listener.onRequestN(streamId, u31(6));
      }
      case CANCEL -> listener.onCancel(streamId);
      case PAYLOAD -> {
        int mdEnd = metadataEnd(6);
        listener.onPayload(streamId, metadata(6), data(6, mdEnd), has(FOLLOWS), has(COMPLETE),
            has(NEXT));
      }
      case ERROR -> {
        require(10, "error code", 6);
        listener.onError(streamId, frame.getInt(base + 6), rest(10));
      }
      case METADATA_PUSH -> listener.onMetadataPush(streamId, rest(6));
      case RESUME -> readResume(listener);
      case RESUME_OK -> {
        require(14, "last received client position", 6);
        listener.onResumeOk(streamId, u63(6));
      }
      case EXT -> {
        require(10, "extended type", 6);
        int mdEnd = metadataEnd(10);
        listener.onExtension(streamId, u31(6), has(IGNORE), metadata(10), data(10, mdEnd));
      }
      default -> throw new IllegalStateException("Unhandled frame type " + t);
    }
  }

  private void readSetup(FrameListener listener) {
    require(8, "major version", 6);
    require(10, "minor version", 8);
    require(14, "time between KEEPALIVE frames", 10);
    require(18, "max lifetime", 14);
    int offset = 18;
    ByteBuf token = null;
    if (has(RESUME_ENABLE)) {
      require(offset + 2, "resume token length", offset);
      int tokenLength = frame.getUnsignedShort(base + offset);
      offset += 2;
      require(offset + tokenLength, "resume token", offset);
      token = slice(offset, tokenLength);
      offset += tokenLength;
    }
    int metadataMimeOffset = offset;
    String metadataMime = mimeType(offset, "metadata encoding MIME type");
    offset += 1 + frame.getUnsignedByte(base + metadataMimeOffset);
    int dataMimeOffset = offset;
    String dataMime = mimeType(offset, "data encoding MIME type");
    offset += 1 + frame.getUnsignedByte(base + dataMimeOffset);
    int mdEnd = metadataEnd(offset);
    listener.onSetup(streamId, frame.getUnsignedShort(base + 6), frame.getUnsignedShort(base + 8),
        u31(10), u31(14), token, has(LEASE), metadataMime, dataMime, metadata(offset),
        data(offset, mdEnd));
  }

  private void readResume(FrameListener listener) {
    require(8, "major version", 6);
    require(10, "minor version", 8);
    require(12, "resume token length", 10);
    int tokenLength = frame.getUnsignedShort(base + 10);
    require(12 + tokenLength, "resume token", 12);
    int positions = 12 + tokenLength;
    require(positions + 8, "last received server position", positions);
    require(positions + 16, "first available client position", positions + 8);
    listener.onResume(streamId, frame.getUnsignedShort(base + 6), frame.getUnsignedShort(base + 8),
        slice(12, tokenLength), u63(positions), u63(positions + 8));
  }

  private String mimeType(int offset, String field) {
    require(offset + 1, field + " length", offset);
    int mimeLength = frame.getUnsignedByte(base + offset);
    require(offset + 1 + mimeLength, field, offset + 1);
    // US-ASCII is what the spec asks for (checklist #30); UTF-8 reads it the same and is what
    // rsocket-java writes, so a peer's non-ASCII MIME type arrives intact instead of as '?'.
    return frame.toString(base + offset + 1, mimeLength, StandardCharsets.UTF_8);
  }

  /**
   * Checks the metadata length field, if the M flag is set, and returns the offset where the data
   * starts.
   */
  private int metadataEnd(int offset) {
    if (!has(METADATA)) {
      return offset;
    }
    require(offset + 3, "metadata length", offset);
    int metadataLength = frame.getUnsignedMedium(base + offset);
    int metadataEnd = offset + 3 + metadataLength;
    if (metadataEnd > length) {
      throw malformed(String.format(
          "frame of %d bytes is too short for the metadata at offset %d (expected: >= %d bytes, "
              + "as the metadata length at offset %d is %d) (checklist #21)",
          length, offset + 3, metadataEnd, offset, metadataLength));
    }
    return metadataEnd;
  }

  private @Nullable ByteBuf metadata(int offset) {
    return has(METADATA) ? slice(offset + 3, frame.getUnsignedMedium(base + offset)) : null;
  }

  private ByteBuf data(int fixedEnd, int metadataEnd) {
    return rest(has(METADATA) ? metadataEnd : fixedEnd);
  }

  private ByteBuf rest(int offset) {
    return slice(offset, length - offset);
  }

  /**
   * A retained slice, released once the listener returns: a pooled frame hands out recycled
   * slices, so decoding allocates nothing there.
   */
  private ByteBuf slice(int offset, int sliceLength) {
    if (sliceLength == 0) {
      return Unpooled.EMPTY_BUFFER;
    }
    ByteBuf slice = frame.retainedSlice(base + offset, sliceLength);
    slices[sliceCount++] = slice;
    return slice;
  }

  private void require(int end, String field, int fieldOffset) {
    if (end > length) {
      throw malformed(String.format(
          "frame of %d bytes is too short for the %s at offset %d (expected: >= %d bytes)",
          length, field, fieldOffset, end));
    }
  }

  private FrameDecodingException malformed(String detail) {
    return new FrameDecodingException(type + " frame on stream " + streamId + ": " + detail,
        type, streamId, has(IGNORE));
  }

  private int u31(int offset) {
    return frame.getInt(base + offset) & MAX_U31;
  }

  private long u63(int offset) {
    return frame.getLong(base + offset) & MAX_U63;
  }

  private boolean has(int flag) {
    return (flags & flag) != 0;
  }
}

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
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Encodes frames (without the transport's length prefix).
 *
 * <p>Each method returns an <b>owned</b> buffer: the caller sends or releases it. Metadata and data
 * arguments are <b>consumed</b>: released exactly once, also when the method throws. A frame whose
 * metadata and data together are at most {@link #COPY_THRESHOLD} bytes is written into one buffer
 * from the allocator; a larger one is a composite of the header buffer and the caller's buffers, so
 * a large payload is never copied.
 *
 * <p>Arguments are checked against what each field can hold, not against protocol rules, so tests can
 * write frames a well-behaved peer would not send (a REQUEST_N of 0, SETUP version 2.0).
 */
public final class FrameWriter {

  /** Payload bytes up to which metadata and data are copied into the frame's own buffer. */
  public static final int COPY_THRESHOLD = 4096;

  /** The largest frame RSocket allows, 2^24-1 bytes (checklist #5). */
  public static final int MAX_FRAME_LENGTH = 0xFF_FFFF;

  /** The largest metadata a 24-bit metadata length can describe. */
  public static final int MAX_METADATA_LENGTH = 0xFF_FFFF;

  private static final int MAX_U31 = 0x7FFF_FFFF;

  private FrameWriter() {
  }

  /**
   * SETUP on stream 0 (checklist #27).
   *
   * @param resumeToken the resume token, which sets the R flag (consumed), or {@code null}
   * @param metadata consumed; {@code null} leaves the M flag clear
   * @param data consumed
   */
  public static ByteBuf setup(ByteBufAllocator alloc, int majorVersion, int minorVersion,
      int keepAliveInterval, int maxLifetime, @Nullable ByteBuf resumeToken, boolean lease,
      String metadataMimeType, String dataMimeType, @Nullable ByteBuf metadata, ByteBuf data) {
    try {
      checkU16("majorVersion", majorVersion);
      checkU16("minorVersion", minorVersion);
      checkU31("keepAliveInterval", keepAliveInterval);
      checkU31("maxLifetime", maxLifetime);
      checkMimeType("metadataMimeType", metadataMimeType);
      checkMimeType("dataMimeType", dataMimeType);
      if (resumeToken != null && resumeToken.readableBytes() > 0xFFFF) {
        throw new IllegalArgumentException(
            "resumeToken: " + resumeToken.readableBytes() + " bytes (expected: <= 65535)");
      }
    } catch (IllegalArgumentException e) {
      release(resumeToken);
      release(metadata);
      data.release();
      throw e;
    }
    int tokenLength = resumeToken == null ? 0 : 2 + resumeToken.readableBytes();
    int fixed = FrameHeader.SIZE + 12 + tokenLength + 2 + metadataMimeType.length()
        + dataMimeType.length();
    int flags = (resumeToken != null ? RESUME_ENABLE : 0) | (lease ? LEASE : 0);
    ByteBuf head = allocate(alloc, 0, FrameType.SETUP, flags, fixed, resumeToken, metadata, data);
    try {
      head.writeShort(majorVersion).writeShort(minorVersion)
          .writeInt(keepAliveInterval).writeInt(maxLifetime);
      if (resumeToken != null) {
        head.writeShort(resumeToken.readableBytes()).writeBytes(resumeToken);
      }
      head.writeByte(metadataMimeType.length());
      head.writeCharSequence(metadataMimeType, StandardCharsets.US_ASCII);
      head.writeByte(dataMimeType.length());
      head.writeCharSequence(dataMimeType, StandardCharsets.US_ASCII);
    } catch (Throwable t) {
      head.release();
      release(metadata);
      data.release();
      throw t;
    } finally {
      release(resumeToken);
    }
    return appendPayload(alloc, head, metadata, data);
  }

  /**
   * LEASE on stream 0 (checklist #39). The metadata (consumed) runs to the end of the frame.
   */
  public static ByteBuf lease(ByteBufAllocator alloc, int timeToLive, int numberOfRequests,
      @Nullable ByteBuf metadata) {
    try {
      checkU31("timeToLive", timeToLive);
      checkU31("numberOfRequests", numberOfRequests);
    } catch (IllegalArgumentException e) {
      release(metadata);
      throw e;
    }
    ByteBuf head = allocateUnlengthed(alloc, FrameType.LEASE, metadata != null ? METADATA : 0, 8,
        metadata);
    head.writeInt(timeToLive).writeInt(numberOfRequests);
    return appendUnlengthed(alloc, head, metadata);
  }

  /** KEEPALIVE on stream 0 (checklist #45); {@code data} is consumed. */
  public static ByteBuf keepAlive(ByteBufAllocator alloc, boolean respond,
      long lastReceivedPosition, ByteBuf data) {
    if (lastReceivedPosition < 0) {
      data.release();
      throw new IllegalArgumentException(
          "lastReceivedPosition: " + lastReceivedPosition + " (expected: >= 0)");
    }
    ByteBuf head = allocateUnlengthed(alloc, FrameType.KEEPALIVE, respond ? RESPOND : 0, 8, data);
    head.writeLong(lastReceivedPosition);
    return appendUnlengthed(alloc, head, data);
  }

  /** REQUEST_RESPONSE (checklist #47); metadata and data are consumed. */
  public static ByteBuf requestResponse(ByteBufAllocator alloc, int streamId,
      @Nullable ByteBuf metadata, ByteBuf data, boolean follows) {
    return payloadFrame(alloc, streamId, FrameType.REQUEST_RESPONSE, follows ? FOLLOWS : 0, -1,
        metadata, data);
  }

  /** REQUEST_FNF (checklist #47); metadata and data are consumed. */
  public static ByteBuf requestFireAndForget(ByteBufAllocator alloc, int streamId,
      @Nullable ByteBuf metadata, ByteBuf data, boolean follows) {
    return payloadFrame(alloc, streamId, FrameType.REQUEST_FNF, follows ? FOLLOWS : 0, -1,
        metadata, data);
  }

  /** REQUEST_STREAM (checklist #48); metadata and data are consumed. */
  public static ByteBuf requestStream(ByteBufAllocator alloc, int streamId, int initialRequestN,
      @Nullable ByteBuf metadata, ByteBuf data, boolean follows) {
    return payloadFrame(alloc, streamId, FrameType.REQUEST_STREAM, follows ? FOLLOWS : 0,
        checkRequestN("initialRequestN", initialRequestN, metadata, data), metadata, data);
  }

  /** REQUEST_CHANNEL (checklist #50); metadata and data are consumed. */
  public static ByteBuf requestChannel(ByteBufAllocator alloc, int streamId, int initialRequestN,
      @Nullable ByteBuf metadata, ByteBuf data, boolean follows, boolean complete) {
    return payloadFrame(alloc, streamId, FrameType.REQUEST_CHANNEL,
        (follows ? FOLLOWS : 0) | (complete ? COMPLETE : 0),
        checkRequestN("initialRequestN", initialRequestN, metadata, data), metadata, data);
  }

  /** REQUEST_N (checklist #53). */
  public static ByteBuf requestN(ByteBufAllocator alloc, int streamId, int requestN) {
    checkStreamId(streamId);
    checkU31("requestN", requestN);
    return FrameHeader.write(alloc.buffer(10), streamId, FrameType.REQUEST_N, 0)
        .writeInt(requestN);
  }

  /** CANCEL (checklist #55). */
  public static ByteBuf cancel(ByteBufAllocator alloc, int streamId) {
    checkStreamId(streamId);
    return FrameHeader.write(alloc.buffer(FrameHeader.SIZE), streamId, FrameType.CANCEL, 0);
  }

  /** PAYLOAD (checklist #56); metadata and data are consumed. */
  public static ByteBuf payload(ByteBufAllocator alloc, int streamId, @Nullable ByteBuf metadata,
      ByteBuf data, boolean follows, boolean complete, boolean next) {
    int flags = (follows ? FOLLOWS : 0) | (complete ? COMPLETE : 0) | (next ? NEXT : 0);
    return payloadFrame(alloc, streamId, FrameType.PAYLOAD, flags, -1, metadata, data);
  }

  /** ERROR (checklist #35) with {@code message} as UTF-8 error data. */
  public static ByteBuf error(ByteBufAllocator alloc, int streamId, int errorCode,
      String message) {
    checkStreamId(streamId);
    int messageLength = ByteBufUtil.utf8Bytes(message);
    checkFrameLength(FrameHeader.SIZE + 4L + messageLength);
    ByteBuf frame = alloc.buffer(FrameHeader.SIZE + 4 + messageLength);
    FrameHeader.write(frame, streamId, FrameType.ERROR, 0).writeInt(errorCode);
    ByteBufUtil.reserveAndWriteUtf8(frame, message, messageLength);
    return frame;
  }

  /** METADATA_PUSH on stream 0 (checklist #62); the metadata (consumed) runs to the end. */
  public static ByteBuf metadataPush(ByteBufAllocator alloc, ByteBuf metadata) {
    ByteBuf head = allocateUnlengthed(alloc, FrameType.METADATA_PUSH, METADATA, 0, metadata);
    return appendUnlengthed(alloc, head, metadata);
  }

  /** RESUME on stream 0 (checklist #65); {@code resumeToken} is consumed. */
  public static ByteBuf resume(ByteBufAllocator alloc, int majorVersion, int minorVersion,
      ByteBuf resumeToken, long lastReceivedServerPosition, long firstAvailableClientPosition) {
    try {
      checkU16("majorVersion", majorVersion);
      checkU16("minorVersion", minorVersion);
      checkU16("resumeToken length", resumeToken.readableBytes());
      checkPosition("lastReceivedServerPosition", lastReceivedServerPosition);
      checkPosition("firstAvailableClientPosition", firstAvailableClientPosition);
      ByteBuf frame = alloc.buffer(FrameHeader.SIZE + 6 + resumeToken.readableBytes() + 16);
      return FrameHeader.write(frame, 0, FrameType.RESUME, 0)
          .writeShort(majorVersion).writeShort(minorVersion)
          .writeShort(resumeToken.readableBytes()).writeBytes(resumeToken)
          .writeLong(lastReceivedServerPosition).writeLong(firstAvailableClientPosition);
    } finally {
      resumeToken.release();
    }
  }

  /** RESUME_OK on stream 0 (checklist #66). */
  public static ByteBuf resumeOk(ByteBufAllocator alloc, long lastReceivedClientPosition) {
    checkPosition("lastReceivedClientPosition", lastReceivedClientPosition);
    return FrameHeader.write(alloc.buffer(14), 0, FrameType.RESUME_OK, 0)
        .writeLong(lastReceivedClientPosition);
  }

  /** EXT (checklist #67); metadata and data are consumed. */
  public static ByteBuf extension(ByteBufAllocator alloc, int streamId, int extendedType,
      boolean ignore, @Nullable ByteBuf metadata, ByteBuf data) {
    return payloadFrame(alloc, streamId, FrameType.EXT, ignore ? IGNORE : 0,
        checkRequestN("extendedType", extendedType, metadata, data), metadata, data);
  }

  /**
   * A frame with an optional 4-byte field ({@code u31 < 0} for none) followed by length-prefixed
   * metadata and data.
   */
  private static ByteBuf payloadFrame(ByteBufAllocator alloc, int streamId, FrameType type,
      int flags, int u31, @Nullable ByteBuf metadata, ByteBuf data) {
    try {
      checkStreamId(streamId);
    } catch (IllegalArgumentException e) {
      release(metadata);
      data.release();
      throw e;
    }
    ByteBuf head = allocate(alloc, streamId, type, flags, FrameHeader.SIZE + (u31 < 0 ? 0 : 4),
        null, metadata, data);
    if (u31 >= 0) {
      head.writeInt(u31);
    }
    return appendPayload(alloc, head, metadata, data);
  }

  /**
   * Allocates the frame's first buffer and writes the header; sized for the whole frame when the
   * payload will be copied. Releases everything passed in when the frame would be too large.
   */
  private static ByteBuf allocate(ByteBufAllocator alloc, int streamId, FrameType type, int flags,
      int fixed, @Nullable ByteBuf other, @Nullable ByteBuf metadata, ByteBuf data) {
    int metadataLength = metadata == null ? 0 : metadata.readableBytes();
    int dataLength = data.readableBytes();
    try {
      if (metadataLength > MAX_METADATA_LENGTH) {
        throw new IllegalArgumentException("metadata: " + metadataLength
            + " bytes (expected: <= " + MAX_METADATA_LENGTH + ")");
      }
      checkFrameLength((long) fixed + (metadata != null ? 3 : 0) + metadataLength + dataLength);
      int capacity = fixed + (metadata != null ? 3 : 0)
          + (copies(metadataLength + dataLength) ? metadataLength + dataLength : 0);
      return FrameHeader.write(alloc.buffer(capacity), streamId, type,
          flags | (metadata != null ? METADATA : 0));
    } catch (Throwable t) { // a bad argument, or the allocator failed (out of direct memory)
      release(other);
      release(metadata);
      data.release();
      throw t;
    }
  }

  private static ByteBuf appendPayload(ByteBufAllocator alloc, ByteBuf head,
      @Nullable ByteBuf metadata, ByteBuf data) {
    int metadataLength = metadata == null ? 0 : metadata.readableBytes();
    if (metadata != null) {
      head.writeMedium(metadataLength);
    }
    if (copies(metadataLength + data.readableBytes())) {
      if (metadata != null) {
        head.writeBytes(metadata, metadata.readerIndex(), metadataLength);
        metadata.release();
      }
      head.writeBytes(data, data.readerIndex(), data.readableBytes());
      data.release();
      return head;
    }
    return composite(alloc, head, metadata, data);
  }

  /** Allocates a frame whose single trailing part (metadata or data) has no length field. */
  private static ByteBuf allocateUnlengthed(ByteBufAllocator alloc, FrameType type, int flags,
      int fixed, @Nullable ByteBuf trailing) {
    int trailingLength = trailing == null ? 0 : trailing.readableBytes();
    try {
      checkFrameLength((long) FrameHeader.SIZE + fixed + trailingLength);
      int capacity = FrameHeader.SIZE + fixed + (copies(trailingLength) ? trailingLength : 0);
      return FrameHeader.write(alloc.buffer(capacity), 0, type, flags);
    } catch (Throwable t) { // a bad argument, or the allocator failed
      release(trailing);
      throw t;
    }
  }

  private static ByteBuf appendUnlengthed(ByteBufAllocator alloc, ByteBuf head,
      @Nullable ByteBuf trailing) {
    if (trailing == null) {
      return head;
    }
    if (copies(trailing.readableBytes())) {
      head.writeBytes(trailing, trailing.readerIndex(), trailing.readableBytes());
      trailing.release();
      return head;
    }
    return composite(alloc, head, null, trailing);
  }

  private static ByteBuf composite(ByteBufAllocator alloc, ByteBuf head,
      @Nullable ByteBuf metadata, ByteBuf data) {
    CompositeByteBuf frame;
    try {
      frame = alloc.compositeBuffer(3);
    } catch (Throwable t) {
      head.release();
      release(metadata);
      data.release();
      throw t;
    }
    frame.addComponent(true, head);
    if (metadata != null) {
      addOrRelease(frame, metadata);
    }
    addOrRelease(frame, data);
    return frame;
  }

  private static void addOrRelease(CompositeByteBuf frame, ByteBuf part) {
    if (part.isReadable()) {
      frame.addComponent(true, part);
    } else {
      part.release();
    }
  }

  private static boolean copies(int payloadLength) {
    return payloadLength <= COPY_THRESHOLD;
  }

  private static void release(@Nullable ByteBuf buf) {
    if (buf != null) {
      buf.release();
    }
  }

  private static int checkRequestN(String name, int value, @Nullable ByteBuf metadata,
      ByteBuf data) {
    try {
      checkU31(name, value);
      return value;
    } catch (IllegalArgumentException e) {
      release(metadata);
      data.release();
      throw e;
    }
  }

  private static void checkStreamId(int streamId) {
    if (streamId < 0) {
      throw new IllegalArgumentException("streamId: " + streamId + " (expected: 0.." + MAX_U31 + ")");
    }
  }

  private static void checkU31(String name, int value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: 0.." + MAX_U31 + ")");
    }
  }

  private static void checkU16(String name, int value) {
    if (value < 0 || value > 0xFFFF) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: 0..65535)");
    }
  }

  private static void checkPosition(String name, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: >= 0)");
    }
  }

  private static void checkMimeType(String name, String mimeType) {
    int length = mimeType.length();
    if (length == 0 || length > 255) {
      throw new IllegalArgumentException(
          name + ": '" + mimeType + "' is " + length + " characters (expected: 1..255)");
    }
    for (int i = 0; i < length; i++) {
      if (mimeType.charAt(i) > 0x7F) {
        throw new IllegalArgumentException(
            name + ": '" + mimeType + "' is not US-ASCII (checklist #30)");
      }
    }
  }

  private static void checkFrameLength(long frameLength) {
    if (frameLength > MAX_FRAME_LENGTH) {
      throw new IllegalArgumentException("frame of " + frameLength
          + " bytes exceeds RSocket's maximum of " + MAX_FRAME_LENGTH
          + " bytes (expected: a smaller payload, or fragmentation with an MTU)");
    }
  }
}

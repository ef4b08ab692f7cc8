package dev.duplex.rsocket.core.fragment;

import dev.duplex.rsocket.frame.FrameHeader;
import dev.duplex.rsocket.frame.FrameType;
import dev.duplex.rsocket.frame.FrameWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Writes a request or payload as one frame, or as fragments no larger than the MTU.
 *
 * <p>The MTU counts the whole frame as it travels on a stream transport, its 3-byte length prefix
 * included, as rsocket-java's does, so both sides of a mixed deployment agree on a setting. The
 * first fragment is the request frame (or PAYLOAD) with F; the others are PAYLOAD with F, the last
 * without. Metadata comes before data, each fragment with its own metadata length (checklist #172);
 * every fragment but the last is full, so none is under 61 bytes (checklist #177). A fragmented
 * request counts once against request-n and lease (checklist #174). Fragments are slices of the
 * caller's buffers: large payloads are not copied.
 */
public final class Fragmenter {

  /** The smallest MTU, as rsocket-java's (checklist #177). */
  public static final int MIN_MTU = 64;

  private static final int LENGTH_PREFIX = 3;
  private static final int METADATA_LENGTH = 3;

  private Fragmenter() {
  }

  /**
   * Checks an MTU setting.
   *
   * @return {@code mtu}
   * @throws IllegalArgumentException unless it is 0 (no fragmentation) or 64 to 16,777,215
   */
  public static int checkMtu(int mtu) {
    if (mtu != 0 && (mtu < MIN_MTU || mtu > FrameWriter.MAX_FRAME_LENGTH)) {
      throw new IllegalArgumentException("mtu: " + mtu + " (expected: 0, or " + MIN_MTU + ".."
          + FrameWriter.MAX_FRAME_LENGTH + ")");
    }
    return mtu;
  }

  /**
   * Writes {@code metadata} and {@code data} (both consumed) as frames of {@code type} on
   * {@code streamId}, handing each frame (owned) to {@code sink}.
   *
   * @param type REQUEST_RESPONSE, REQUEST_FNF, REQUEST_STREAM, REQUEST_CHANNEL or PAYLOAD
   * @param requestN the initial request-n of REQUEST_STREAM and REQUEST_CHANNEL, else ignored
   * @param complete the C flag: on REQUEST_CHANNEL or PAYLOAD, set on the last frame
   * @param next the N flag of PAYLOAD
   * @param mtu 0 for one frame whatever its size, else the largest frame with its length prefix
   */
  public static void write(ByteBufAllocator alloc, int mtu, FrameType type, int streamId,
      int requestN, @Nullable ByteBuf metadata, ByteBuf data, boolean complete, boolean next,
      Consumer<ByteBuf> sink) {
    boolean hasRequestN = type == FrameType.REQUEST_STREAM || type == FrameType.REQUEST_CHANNEL;
    boolean completes = complete && (type == FrameType.PAYLOAD || type == FrameType.REQUEST_CHANNEL);
    int firstCapacity = mtu - LENGTH_PREFIX - FrameHeader.SIZE - (hasRequestN ? 4 : 0)
        - (metadata != null ? METADATA_LENGTH : 0);
    int payloadLength = data.readableBytes() + (metadata == null ? 0 : metadata.readableBytes());
    if (mtu == 0 || payloadLength <= firstCapacity) {
      sink.accept(frame(alloc, type, streamId, requestN, metadata, data, false, completes, next));
      return;
    }
    try {
      ByteBuf first = take(metadata, data, firstCapacity, metadata != null);
      ByteBuf firstData = takeData(data, firstCapacity - readable(first));
      sink.accept(frame(alloc, type, streamId, requestN, first, firstData, true, false, next));
      while (isReadable(metadata) || data.isReadable()) {
        boolean metadataLeft = isReadable(metadata);
        int capacity = mtu - LENGTH_PREFIX - FrameHeader.SIZE
            - (metadataLeft ? METADATA_LENGTH : 0);
        ByteBuf fragmentMetadata = take(metadata, data, capacity, metadataLeft);
        ByteBuf fragmentData = takeData(data, capacity - readable(fragmentMetadata));
        boolean follows = isReadable(metadata) || data.isReadable();
        sink.accept(FrameWriter.payload(alloc, streamId, fragmentMetadata, fragmentData, follows,
            completes && !follows, next || type != FrameType.PAYLOAD));
      }
    } finally {
      if (metadata != null) {
        metadata.release();
      }
      data.release();
    }
  }

  private static ByteBuf frame(ByteBufAllocator alloc, FrameType type, int streamId,
      int requestN, @Nullable ByteBuf metadata, ByteBuf data, boolean follows, boolean complete,
      boolean next) {
    return switch (type) {
      case REQUEST_RESPONSE -> FrameWriter.requestResponse(alloc, streamId, metadata, data, follows);
      case REQUEST_FNF -> FrameWriter.requestFireAndForget(alloc, streamId, metadata, data, follows);
      case REQUEST_STREAM -> FrameWriter.requestStream(alloc, streamId, requestN, metadata, data,
          follows);
      case REQUEST_CHANNEL -> FrameWriter.requestChannel(alloc, streamId, requestN, metadata, data,
          follows, complete);
      case PAYLOAD -> FrameWriter.payload(alloc, streamId, metadata, data, follows, complete,
          next);
      default -> throw new IllegalArgumentException("type: " + type
          + " (expected: a request or PAYLOAD)");
    };
  }

  /** The next metadata part (a retained slice), or {@code null} when this fragment has none. */
  private static @Nullable ByteBuf take(@Nullable ByteBuf metadata, ByteBuf data, int capacity,
      boolean withMetadata) {
    if (!withMetadata || metadata == null) {
      return null;
    }
    return metadata.readRetainedSlice(Math.min(capacity, metadata.readableBytes()));
  }

  private static ByteBuf takeData(ByteBuf data, int capacity) {
    int length = Math.min(Math.max(capacity, 0), data.readableBytes());
    return length == 0 ? Unpooled.EMPTY_BUFFER : data.readRetainedSlice(length);
  }

  private static int readable(@Nullable ByteBuf buf) {
    return buf == null ? 0 : buf.readableBytes();
  }

  private static boolean isReadable(@Nullable ByteBuf buf) {
    return buf != null && buf.isReadable();
  }
}

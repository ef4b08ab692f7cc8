package dev.duplex.rsocket.frame.metadata;

import dev.duplex.rsocket.frame.FrameDecodingException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Objects;

/**
 * Zipkin tracing metadata ({@code message/x.rsocket.tracing-zipkin.v0}, checklist #207–#209): a
 * flags byte, then, when the I flag is set, the trace, span and parent span IDs.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+---+
 * |I|D|S|N|T|P|   |   I: IDs present, D: debug, S: sampled, N: not sampled,
 * +-+-+-+-+-+-+---+-----------------------------------------------+
 * |  Trace ID high (64 bits, only when T = 1)                     |
 * +---------------------------------------------------------------+
 * |  Trace ID (64 bits)                                           |
 * +---------------------------------------------------------------+
 * |  Span ID (64 bits)                                            |
 * +---------------------------------------------------------------+
 * |  Parent span ID (64 bits, only when P = 1)                    |
 * +---------------------------------------------------------------+
 *                     T: 128-bit trace ID, P: parent span ID present
 * </pre>
 *
 * <p>The D, S and N flags become one {@link Sampling} decision: D overrides S, and either overrides
 * N (checklist #209), so decoding flags with more than one of them set and encoding the result
 * keeps only the winning flag. Without IDs (I = 0) only the flags byte is present and the T and P
 * flags are ignored. Bytes after the layout's end are ignored, as rsocket-java ignores them.
 *
 * @param sampling the sampling decision
 * @param hasIds whether the IDs are present (the I flag)
 * @param traceId128 whether the trace ID is 128 bits (the T flag); requires {@code hasIds}
 * @param traceIdHigh the upper 64 bits of a 128-bit trace ID; 0 unless {@code traceId128}
 * @param traceId the trace ID, or its lower 64 bits; 0 without IDs
 * @param spanId the span ID; 0 without IDs
 * @param hasParentId whether the parent span ID is present (the P flag); requires {@code hasIds}
 * @param parentId the parent span ID; 0 unless {@code hasParentId}
 */
public record ZipkinTracingMetadata(Sampling sampling, boolean hasIds, boolean traceId128,
    long traceIdHigh, long traceId, long spanId, boolean hasParentId, long parentId) {

  private static final int FLAG_IDS = 0x80;
  private static final int FLAG_DEBUG = 0x40;
  private static final int FLAG_SAMPLED = 0x20;
  private static final int FLAG_NOT_SAMPLED = 0x10;
  private static final int FLAG_TRACE_ID_128 = 0x08;
  private static final int FLAG_PARENT_ID = 0x04;

  /**
   * Creates the metadata.
   *
   * @throws IllegalArgumentException if a flag or an ID is set that its flag does not allow
   */
  public ZipkinTracingMetadata {
    Objects.requireNonNull(sampling, "sampling");
    if (!hasIds && (traceId128 || hasParentId || traceId != 0 || spanId != 0)) {
      throw new IllegalArgumentException("hasIds: false with traceId128=" + traceId128
          + ", hasParentId=" + hasParentId + ", traceId=" + traceId + ", spanId=" + spanId
          + " (expected: false and 0 without IDs)");
    }
    if (!traceId128 && traceIdHigh != 0) {
      throw new IllegalArgumentException(
          "traceIdHigh: " + traceIdHigh + " (expected: 0 for a 64-bit trace ID)");
    }
    if (!hasParentId && parentId != 0) {
      throw new IllegalArgumentException(
          "parentId: " + parentId + " (expected: 0 without a parent span ID)");
    }
  }

  /** Only a sampling decision, no IDs (a health check that sets only N, say). */
  public static ZipkinTracingMetadata withoutIds(Sampling sampling) {
    return new ZipkinTracingMetadata(sampling, false, false, 0, 0, 0, false, 0);
  }

  /** A 64-bit trace ID and a span ID, no parent. */
  public static ZipkinTracingMetadata of(long traceId, long spanId, Sampling sampling) {
    return new ZipkinTracingMetadata(sampling, true, false, 0, traceId, spanId, false, 0);
  }

  /** A 128-bit trace ID and a span ID, no parent. */
  public static ZipkinTracingMetadata of128(long traceIdHigh, long traceId, long spanId,
      Sampling sampling) {
    return new ZipkinTracingMetadata(sampling, true, true, traceIdHigh, traceId, spanId, false, 0);
  }

  /**
   * A copy with {@code parentId} as the parent span ID.
   *
   * @throws IllegalArgumentException if this has no IDs
   */
  public ZipkinTracingMetadata withParentId(long parentId) {
    if (!hasIds) {
      throw new IllegalArgumentException(
          "parentId: " + parentId + " (expected: none without trace and span IDs)");
    }
    return new ZipkinTracingMetadata(sampling, true, traceId128, traceIdHigh, traceId, spanId,
        true, parentId);
  }

  /** The number of bytes {@link #encode(ByteBuf)} writes: 1, 17, 25 or 33. */
  public int encodedLength() {
    if (!hasIds) {
      return 1;
    }
    return 1 + (traceId128 ? 16 : 8) + 8 + (hasParentId ? 8 : 0);
  }

  /**
   * Appends the flags byte and the IDs.
   *
   * @param target where the metadata goes (borrowed)
   */
  public void encode(ByteBuf target) {
    target.ensureWritable(encodedLength());
    int flags = sampling.flag;
    if (hasIds) {
      flags |= FLAG_IDS | (traceId128 ? FLAG_TRACE_ID_128 : 0)
          | (hasParentId ? FLAG_PARENT_ID : 0);
    }
    target.writeByte(flags);
    if (!hasIds) {
      return;
    }
    if (traceId128) {
      target.writeLong(traceIdHigh);
    }
    target.writeLong(traceId).writeLong(spanId);
    if (hasParentId) {
      target.writeLong(parentId);
    }
  }

  /**
   * Encodes into a buffer of exactly {@link #encodedLength()} bytes.
   *
   * @return a new buffer (returns owned: the caller releases it)
   */
  public ByteBuf encode(ByteBufAllocator alloc) {
    int length = encodedLength();
    ByteBuf buf = alloc.buffer(length, length);
    encode(buf);
    return buf;
  }

  /**
   * Decodes tracing metadata from its reader index; its indexes do not move.
   *
   * @param tracing tracing metadata (borrowed)
   * @throws FrameDecodingException if the flags byte or an ID their flags announce runs past the
   *     end
   */
  public static ZipkinTracingMetadata decode(ByteBuf tracing) {
    int base = tracing.readerIndex();
    int length = tracing.readableBytes();
    if (length < 1) {
      throw new FrameDecodingException("tracing metadata: flags at offset 0 run past the end "
          + "(expected: 1 byte, available: 0)", null, 0, false);
    }
    int flags = tracing.getUnsignedByte(base);
    Sampling sampling = Sampling.fromFlags(flags);
    if ((flags & FLAG_IDS) == 0) {
      return withoutIds(sampling);
    }
    boolean traceId128 = (flags & FLAG_TRACE_ID_128) != 0;
    boolean hasParentId = (flags & FLAG_PARENT_ID) != 0;
    int offset = 1;
    long traceIdHigh = 0;
    if (traceId128) {
      require(length, offset, 16, "trace ID", flags);
      traceIdHigh = tracing.getLong(base + offset);
      offset += 8;
    } else {
      require(length, offset, 8, "trace ID", flags);
    }
    long traceId = tracing.getLong(base + offset);
    offset += 8;
    require(length, offset, 8, "span ID", flags);
    long spanId = tracing.getLong(base + offset);
    offset += 8;
    long parentId = 0;
    if (hasParentId) {
      require(length, offset, 8, "parent span ID", flags);
      parentId = tracing.getLong(base + offset);
    }
    return new ZipkinTracingMetadata(sampling, true, traceId128, traceIdHigh, traceId, spanId,
        hasParentId, parentId);
  }

  private static void require(int length, int offset, int size, String field, int flags) {
    int available = length - offset;
    if (available < size) {
      throw new FrameDecodingException(String.format(
          "tracing metadata: %s at offset %d runs past the end "
              + "(expected: %d bytes for flags 0x%02X, available: %d)",
          field, offset, size, flags, available), null, 0, false);
    }
  }

  /** The sampling decision of the D, S and N flags, in the order of precedence (checklist #209). */
  public enum Sampling {
    /** No flag: the receiver decides. */
    UNDECIDED(0),
    /** N: do not sample. */
    NOT_SAMPLED(FLAG_NOT_SAMPLED),
    /** S: sample; overrides N. */
    SAMPLED(FLAG_SAMPLED),
    /** D: force tracing; overrides S and N. */
    DEBUG(FLAG_DEBUG);

    private final int flag;

    Sampling(int flag) {
      this.flag = flag;
    }

    /** The decision that the D, S and N bits of {@code flags} make (checklist #209). */
    public static Sampling fromFlags(int flags) {
      if ((flags & FLAG_DEBUG) != 0) {
        return DEBUG;
      }
      if ((flags & FLAG_SAMPLED) != 0) {
        return SAMPLED;
      }
      if ((flags & FLAG_NOT_SAMPLED) != 0) {
        return NOT_SAMPLED;
      }
      return UNDECIDED;
    }
  }
}

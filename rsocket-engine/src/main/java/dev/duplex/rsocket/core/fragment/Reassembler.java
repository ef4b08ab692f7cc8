package dev.duplex.rsocket.core.fragment;

import dev.duplex.rsocket.Payload;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.jspecify.annotations.Nullable;

/**
 * Joins the fragments of one request or payload (checklist #170-#176) and refuses to hold more
 * than a maximum number of bytes, so a peer that sends endless fragments costs at most that much
 * (checklist #176).
 *
 * <p>Fragments are copied into one growing buffer each for metadata and data rather than kept as
 * slices: a slice would keep its whole inbound read buffer alive, so many small fragments could
 * hold far more memory than the payload they add up to.
 */
public final class Reassembler {

  private final ByteBufAllocator alloc;
  private final int maxPayloadSize;
  private final ByteBuf data;
  private @Nullable ByteBuf metadata;
  private long size;
  private int fragments;

  /**
   * Starts with the first fragment's metadata and data (borrowed).
   *
   * @throws PayloadTooLargeException if the first fragment alone is too large
   */
  public Reassembler(ByteBufAllocator alloc, int maxPayloadSize, @Nullable ByteBuf metadata,
      ByteBuf data) {
    this.alloc = alloc;
    this.maxPayloadSize = maxPayloadSize;
    this.data = alloc.buffer(Math.min(2 * data.readableBytes(), maxPayloadSize), maxPayloadSize);
    try {
      append(metadata, data);
    } catch (RuntimeException e) {
      release();
      throw e;
    }
  }

  /**
   * Adds the next fragment's metadata and data (borrowed).
   *
   * @throws PayloadTooLargeException if the payload would grow beyond the maximum; the caller
   *     then releases this reassembler
   */
  public void append(@Nullable ByteBuf fragmentMetadata, ByteBuf fragmentData) {
    fragments++;
    size += fragmentData.readableBytes()
        + (fragmentMetadata == null ? 0 : fragmentMetadata.readableBytes());
    if (size > maxPayloadSize) {
      throw new PayloadTooLargeException("Reassembled payload of more than " + maxPayloadSize
          + " bytes (the max inbound payload size)");
    }
    if (fragmentMetadata != null) {
      ByteBuf joined = metadata;
      if (joined == null) {
        joined = alloc.buffer(fragmentMetadata.readableBytes(), maxPayloadSize);
        metadata = joined;
      }
      joined.writeBytes(fragmentMetadata, fragmentMetadata.readerIndex(),
          fragmentMetadata.readableBytes());
    }
    data.writeBytes(fragmentData, fragmentData.readerIndex(), fragmentData.readableBytes());
  }

  /** How many fragments were joined so far. */
  public int fragments() {
    return fragments;
  }

  /** Bytes of metadata and data joined so far. */
  public int size() {
    return (int) size;
  }

  /** The whole payload (returns owned); this reassembler is spent. */
  public Payload payload() {
    return Payload.create(data, metadata);
  }

  /** Releases the fragments gathered so far. */
  public void release() {
    data.release();
    if (metadata != null) {
      metadata.release();
    }
  }

  /** A reassembled payload would exceed the max inbound payload size. */
  public static final class PayloadTooLargeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    PayloadTooLargeException(String message) {
      super(message);
    }
  }
}

package dev.duplex.rsocket;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.util.IllegalReferenceCountException;
import io.netty.util.ReferenceCounted;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.jspecify.annotations.Nullable;

/**
 * The data and optional metadata of one RSocket message, on reference-counted buffers.
 *
 * <p>A payload has one owner at a time. Passing it to the engine (as a request or a response) hands
 * it over: the engine releases it once written. A payload the engine hands out is the receiver's to
 * {@link #release()}. Releasing the payload releases its data and metadata buffers.
 */
public final class Payload implements ReferenceCounted {

  private static final AtomicIntegerFieldUpdater<Payload> REF_CNT =
      AtomicIntegerFieldUpdater.newUpdater(Payload.class, "refCnt");

  private final ByteBuf data;
  private final @Nullable ByteBuf metadata;
  private volatile int refCnt = 1;

  private Payload(ByteBuf data, @Nullable ByteBuf metadata) {
    this.data = data;
    this.metadata = metadata;
  }

  /** A payload of {@code data} and {@code metadata}, both consumed (released with the payload). */
  public static Payload create(ByteBuf data, @Nullable ByteBuf metadata) {
    return new Payload(data, metadata);
  }

  /** A payload of {@code data} without metadata; {@code data} is consumed. */
  public static Payload create(ByteBuf data) {
    return new Payload(data, null);
  }

  /** A payload of UTF-8 {@code data} without metadata, on unpooled heap buffers. */
  public static Payload create(String data) {
    return new Payload(utf8(data), null);
  }

  /** A payload of UTF-8 {@code data} and {@code metadata}, on unpooled heap buffers. */
  public static Payload create(String data, @Nullable String metadata) {
    return new Payload(utf8(data), metadata == null ? null : utf8(metadata));
  }

  /** A payload of {@code data} and {@code metadata} bytes (not copied). */
  public static Payload create(byte[] data, byte @Nullable [] metadata) {
    return new Payload(Unpooled.wrappedBuffer(data),
        metadata == null ? null : Unpooled.wrappedBuffer(metadata));
  }

  /** The data (borrowed: valid until the payload is released). */
  public ByteBuf data() {
    return data;
  }

  /** The metadata, or {@code null} when the message has none (borrowed). */
  public @Nullable ByteBuf metadata() {
    return metadata;
  }

  /** Whether the message carries metadata (possibly empty). */
  public boolean hasMetadata() {
    return metadata != null;
  }

  /** The data decoded as UTF-8. */
  public String dataUtf8() {
    return data.toString(StandardCharsets.UTF_8);
  }

  /** The metadata decoded as UTF-8, or {@code null} when there is none. */
  public @Nullable String metadataUtf8() {
    return metadata == null ? null : metadata.toString(StandardCharsets.UTF_8);
  }

  @Override
  public int refCnt() {
    return refCnt;
  }

  @Override
  public Payload retain() {
    return retain(1);
  }

  @Override
  public Payload retain(int increment) {
    if (increment <= 0) {
      throw new IllegalArgumentException("increment: " + increment + " (expected: > 0)");
    }
    for (;;) {
      int count = refCnt;
      if (count <= 0 || count + increment <= 0) {
        throw new IllegalReferenceCountException(count, increment);
      }
      if (REF_CNT.compareAndSet(this, count, count + increment)) {
        return this;
      }
    }
  }

  @Override
  public boolean release() {
    return release(1);
  }

  @Override
  public boolean release(int decrement) {
    if (decrement <= 0) {
      throw new IllegalArgumentException("decrement: " + decrement + " (expected: > 0)");
    }
    for (;;) {
      int count = refCnt;
      if (count < decrement) {
        throw new IllegalReferenceCountException(count, -decrement);
      }
      if (REF_CNT.compareAndSet(this, count, count - decrement)) {
        if (count == decrement) {
          deallocate();
          return true;
        }
        return false;
      }
    }
  }

  @Override
  public Payload touch() {
    return touch(null);
  }

  @Override
  public Payload touch(@Nullable Object hint) {
    data.touch(hint);
    if (metadata != null) {
      metadata.touch(hint);
    }
    return this;
  }

  private void deallocate() {
    data.release();
    if (metadata != null) {
      metadata.release();
    }
  }

  @Override
  public String toString() {
    return "Payload[data=" + data.readableBytes() + "B"
        + (metadata != null ? ", metadata=" + metadata.readableBytes() + "B" : "") + "]";
  }

  private static ByteBuf utf8(String text) {
    ByteBuf buf = Unpooled.buffer(ByteBufUtil.utf8MaxBytes(text));
    ByteBufUtil.writeUtf8(buf, text);
    return buf;
  }
}

package dev.duplex.rsocket.messaging;

import dev.duplex.rsocket.Payload;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBuffer;
import org.springframework.core.io.buffer.NettyDataBuffer;
import org.springframework.core.io.buffer.NettyDataBufferFactory;

/**
 * Static methods that turn a {@link Payload} into {@link DataBuffer}s and back; Spring's
 * {@code PayloadUtils} on the engine's payload.
 *
 * <p>Netty-backed buffers are wrapped or unwrapped without copying; other buffers are copied, or,
 * for a heap {@link DefaultDataBuffer}, wrapped.
 */
public abstract class PayloadUtils {

  /**
   * The data of {@code payload} as a {@code DataBuffer}, after which the payload is released. The
   * metadata is expected to have been read by now, so downstream code deals only with
   * {@code DataBuffer}s.
   *
   * @param payload the payload (consumed: released, also when this throws, unless already
   *     released)
   * @param bufferFactory the factory of the result: a {@link NettyDataBufferFactory} wraps a
   *     retained slice of the data, any other factory gets a copy
   * @return the data (returns owned)
   */
  public static DataBuffer retainDataAndReleasePayload(
      Payload payload, DataBufferFactory bufferFactory) {
    try {
      ByteBuf data = payload.data();
      if (bufferFactory instanceof NettyDataBufferFactory nettyBufferFactory) {
        return nettyBufferFactory.wrap(data.retainedSlice());
      }
      return bufferFactory.wrap(ByteBufUtil.getBytes(data));
    } finally {
      if (payload.refCnt() > 0) {
        payload.release();
      }
    }
  }

  /**
   * A payload of {@code data} and {@code metadata}.
   *
   * <p>The {@code ByteBuf} of a {@link NettyDataBuffer} becomes the payload's buffer as is; the
   * bytes of a {@link DefaultDataBuffer} are wrapped; other buffers are copied and released.
   *
   * @param data the data (consumed: owned by the payload, or released once copied)
   * @param metadata the metadata (consumed, as {@code data})
   * @return the payload (returns owned)
   */
  public static Payload createPayload(DataBuffer data, DataBuffer metadata) {
    ByteBuf dataByteBuf = asByteBuf(data);
    ByteBuf metadataByteBuf;
    try {
      metadataByteBuf = asByteBuf(metadata);
    } catch (RuntimeException ex) {
      dataByteBuf.release();
      throw ex;
    }
    return Payload.create(dataByteBuf, metadataByteBuf);
  }

  /**
   * A payload of {@code data} without metadata; see {@link #createPayload(DataBuffer, DataBuffer)}.
   *
   * @param data the data (consumed: owned by the payload, or released once copied)
   * @return the payload (returns owned)
   */
  public static Payload createPayload(DataBuffer data) {
    return Payload.create(asByteBuf(data));
  }

  /**
   * The bytes of {@code buffer} as a {@code ByteBuf}.
   *
   * @param buffer consumed: its {@code ByteBuf} when Netty-backed, otherwise released once
   *     wrapped or copied
   * @return the buffer (returns owned)
   */
  static ByteBuf asByteBuf(DataBuffer buffer) {
    if (buffer instanceof NettyDataBuffer nettyBuffer) {
      return nettyBuffer.getNativeBuffer();
    }
    try {
      if (buffer instanceof DefaultDataBuffer defaultBuffer) {
        // A view of the heap or direct ByteBuffer, which the garbage collector frees
        return Unpooled.wrappedBuffer(defaultBuffer.getNativeBuffer());
      }
      ByteBuffer copy = ByteBuffer.allocate(buffer.readableByteCount());
      buffer.toByteBuffer(copy);
      return Unpooled.wrappedBuffer(copy);
    } finally {
      DataBufferUtils.release(buffer);
    }
  }
}

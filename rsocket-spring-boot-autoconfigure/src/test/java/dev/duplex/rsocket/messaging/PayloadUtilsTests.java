package dev.duplex.rsocket.messaging;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.rsocket.Payload;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DataBufferWrapper;
import org.springframework.core.io.buffer.DefaultDataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.core.io.buffer.NettyDataBuffer;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.core.io.buffer.PooledDataBuffer;

/**
 * Tests for {@link PayloadUtils}. Every Netty buffer is released; the engine's leak extension fails
 * the class otherwise.
 */
class PayloadUtilsTests {

  private final NettyDataBufferFactory nettyBufferFactory =
      new NettyDataBufferFactory(PooledByteBufAllocator.DEFAULT);

  @Test
  void retainAndReleaseWithNettyFactory() {
    Payload payload = Payload.create(pooled("sample data"), pooled("sample metadata"));
    ByteBuf data = payload.data();
    DataBuffer buffer = PayloadUtils.retainDataAndReleasePayload(payload, this.nettyBufferFactory);
    try {
      assertThat(buffer).isInstanceOf(NettyDataBuffer.class);
      ByteBuf nativeBuffer = ((NettyDataBuffer) buffer).getNativeBuffer();
      assertThat(nativeBuffer.refCnt()).isEqualTo(1);
      assertThat(payload.refCnt()).isEqualTo(0);
      assertThat(payload.metadata().refCnt()).isEqualTo(0);
      assertThat(buffer.toString(UTF_8)).isEqualTo("sample data");
      // a slice of the data, not a copy
      data.setByte(data.readerIndex(), 'S');
      assertThat(buffer.toString(UTF_8)).isEqualTo("Sample data");
    } finally {
      DataBufferUtils.release(buffer);
    }
    assertThat(data.refCnt()).isEqualTo(0);
  }

  @Test
  void retainAndReleaseWithDefaultFactory() {
    Payload payload = Payload.create(pooled("sample data"));
    DataBuffer buffer = PayloadUtils.retainDataAndReleasePayload(
        payload, DefaultDataBufferFactory.sharedInstance);

    assertThat(buffer).isInstanceOf(DefaultDataBuffer.class);
    assertThat(payload.refCnt()).isEqualTo(0);
    assertThat(payload.data().refCnt()).isEqualTo(0);
    assertThat(buffer.toString(UTF_8)).isEqualTo("sample data");
  }

  @Test
  void retainAndReleaseOfAnAlreadyReleasedPayloadDoesNotReleaseTwice() {
    Payload payload = Payload.create(pooled("sample data"));
    payload.retain();
    DataBuffer buffer = PayloadUtils.retainDataAndReleasePayload(payload, this.nettyBufferFactory);
    assertThat(payload.refCnt()).isEqualTo(1);
    payload.release();
    assertThat(buffer.toString(UTF_8)).isEqualTo("sample data");
    DataBufferUtils.release(buffer);
  }

  @Test
  void createWithNettyBuffers() {
    NettyDataBuffer data = createNettyDataBuffer("sample data");
    NettyDataBuffer metadata = createNettyDataBuffer("sample metadata");

    Payload payload = PayloadUtils.createPayload(data, metadata);
    try {
      assertThat(payload.data()).isSameAs(data.getNativeBuffer());
      assertThat(payload.metadata()).isSameAs(metadata.getNativeBuffer());
    } finally {
      payload.release();
    }
    assertThat(data.getNativeBuffer().refCnt()).isEqualTo(0);
    assertThat(metadata.getNativeBuffer().refCnt()).isEqualTo(0);
  }

  @Test
  void createWithDefaultBuffers() {
    DefaultDataBuffer data = createDefaultDataBuffer("sample data");
    DataBuffer metadata = createDefaultDataBuffer("sample metadata");
    Payload payload = PayloadUtils.createPayload(data, metadata);
    try {
      assertThat(payload.dataUtf8()).isEqualTo("sample data");
      assertThat(payload.metadataUtf8()).isEqualTo("sample metadata");
      // wrapped, not copied
      data.getNativeBuffer().put(data.readPosition(), (byte) 'S');
      assertThat(payload.dataUtf8()).isEqualTo("Sample data");
    } finally {
      payload.release();
    }
  }

  @Test
  void createWithNettyAndDefaultBuffers() {
    NettyDataBuffer data = createNettyDataBuffer("sample data");
    DefaultDataBuffer metadata = createDefaultDataBuffer("sample metadata");
    Payload payload = PayloadUtils.createPayload(data, metadata);
    try {
      assertThat(payload.data()).isSameAs(data.getNativeBuffer());
      assertThat(payload.metadataUtf8()).isEqualTo("sample metadata");
    } finally {
      payload.release();
    }
  }

  @Test
  void createWithDefaultAndNettyBuffers() {
    DefaultDataBuffer data = createDefaultDataBuffer("sample data");
    NettyDataBuffer metadata = createNettyDataBuffer("sample metadata");
    Payload payload = PayloadUtils.createPayload(data, metadata);
    try {
      assertThat(payload.dataUtf8()).isEqualTo("sample data");
      assertThat(payload.metadata()).isSameAs(metadata.getNativeBuffer());
    } finally {
      payload.release();
    }
  }

  @Test
  void createWithNettyBuffer() {
    NettyDataBuffer data = createNettyDataBuffer("sample data");
    Payload payload = PayloadUtils.createPayload(data);
    try {
      assertThat(payload.data()).isSameAs(data.getNativeBuffer());
      assertThat(payload.hasMetadata()).isFalse();
    } finally {
      payload.release();
    }
  }

  @Test
  void createWithDefaultBuffer() {
    DataBuffer data = createDefaultDataBuffer("sample data");
    Payload payload = PayloadUtils.createPayload(data);
    try {
      assertThat(payload.dataUtf8()).isEqualTo("sample data");
      assertThat(payload.metadata()).isNull();
    } finally {
      payload.release();
    }
  }

  @Test
  void createWithOtherBufferCopiesAndReleasesIt() {
    NettyDataBuffer wrapped = createNettyDataBuffer("sample data");
    DataBuffer data = new PooledWrapper(wrapped);
    Payload payload = PayloadUtils.createPayload(data);
    try {
      assertThat(wrapped.getNativeBuffer().refCnt()).isZero();
      assertThat(payload.dataUtf8()).isEqualTo("sample data");
    } finally {
      payload.release();
    }
  }

  @Test
  void createFromEmptyNettyBuffer() {
    NettyDataBuffer data = this.nettyBufferFactory.allocateBuffer(0);
    Payload payload = PayloadUtils.createPayload(data, createNettyDataBuffer("m"));
    try {
      assertThat(payload.data().readableBytes()).isZero();
      assertThat(payload.metadataUtf8()).isEqualTo("m");
    } finally {
      payload.release();
    }
  }

  /** A pooled buffer that is neither a {@code NettyDataBuffer} nor a {@code DefaultDataBuffer}. */
  private static final class PooledWrapper extends DataBufferWrapper implements PooledDataBuffer {

    private final NettyDataBuffer delegate;

    PooledWrapper(NettyDataBuffer delegate) {
      super(delegate);
      this.delegate = delegate;
    }

    @Override
    public boolean isAllocated() {
      return this.delegate.isAllocated();
    }

    @Override
    public PooledDataBuffer retain() {
      this.delegate.retain();
      return this;
    }

    @Override
    public PooledDataBuffer touch(Object hint) {
      this.delegate.touch(hint);
      return this;
    }

    @Override
    public boolean release() {
      return this.delegate.release();
    }
  }

  private ByteBuf pooled(String text) {
    return ByteBufUtil.writeUtf8(PooledByteBufAllocator.DEFAULT, text);
  }

  private NettyDataBuffer createNettyDataBuffer(String content) {
    NettyDataBuffer buffer = this.nettyBufferFactory.allocateBuffer(256);
    buffer.write(content, UTF_8);
    return buffer;
  }

  private DefaultDataBuffer createDefaultDataBuffer(String content) {
    DefaultDataBuffer buffer = DefaultDataBufferFactory.sharedInstance.allocateBuffer(256);
    buffer.write(content, UTF_8);
    return buffer;
  }
}

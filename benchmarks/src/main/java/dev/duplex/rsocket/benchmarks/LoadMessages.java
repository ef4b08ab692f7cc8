package dev.duplex.rsocket.benchmarks;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/**
 * What the load generator sends, the same bytes for both implementations: one route, 32 bytes of
 * data, and the stream length in the first 8 data bytes of a request-stream.
 */
final class LoadMessages {

  /** The routing tag every request carries in its composite metadata. */
  static final String ROUTE = "benchmarks.load";
  /** The data length of every request, response and stream item. */
  static final int DATA_LENGTH = 32;
  /** The composite metadata MIME type both clients announce in SETUP. */
  static final String COMPOSITE_METADATA = "message/x.rsocket.composite-metadata.v0";

  private static final byte[] DATA = new byte[DATA_LENGTH];
  private static final ByteBuf ROUTING_CONTENT = routingContent();

  private LoadMessages() {
  }

  /** 32 bytes of data (returns owned). */
  static ByteBuf data(ByteBufAllocator alloc) {
    return alloc.buffer(DATA_LENGTH).writeBytes(DATA);
  }

  /** 32 bytes of data asking for a stream of {@code items} (returns owned). */
  static ByteBuf streamRequestData(ByteBufAllocator alloc, long items) {
    return alloc.buffer(DATA_LENGTH).writeLong(items).writeZero(DATA_LENGTH - Long.BYTES);
  }

  /** The stream length a request-stream asks for (data borrowed). */
  static long streamItems(ByteBuf data) {
    return data.getLong(data.readerIndex());
  }

  /**
   * Whether the content of a routing entry (borrowed) is {@link #ROUTE} as its only tag, compared
   * byte by byte.
   */
  static boolean matchesRoute(ByteBuf routing) {
    return ByteBufUtil.equals(routing, ROUTING_CONTENT);
  }

  private static ByteBuf routingContent() {
    byte[] tag = ROUTE.getBytes(StandardCharsets.UTF_8);
    ByteBuf content = Unpooled.buffer(1 + tag.length).writeByte(tag.length).writeBytes(tag);
    return Unpooled.unreleasableBuffer(content.asReadOnly());
  }
}

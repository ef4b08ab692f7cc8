package dev.duplex.rsocket.frame.metadata;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/** Hex strings for golden-byte tests, written one field per argument. */
final class GoldenBytes {

  private GoldenBytes() {
  }

  /** The fields joined into one lower-case hex string, spaces removed. */
  static String hex(String... fields) {
    return String.join("", fields).replace(" ", "").toLowerCase();
  }

  /** A heap buffer holding the bytes of {@code fields}; the caller releases it. */
  static ByteBuf bytes(String... fields) {
    return Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(hex(fields)));
  }

  /** The hex of the US-ASCII bytes of {@code text}. */
  static String ascii(String text) {
    return ByteBufUtil.hexDump(text.getBytes(StandardCharsets.US_ASCII));
  }

  /** The hex of the UTF-8 bytes of {@code text}. */
  static String utf8(String text) {
    return ByteBufUtil.hexDump(text.getBytes(StandardCharsets.UTF_8));
  }

  /** {@code count} copies of {@code c}. */
  static String repeat(char c, int count) {
    return String.valueOf(c).repeat(count);
  }
}

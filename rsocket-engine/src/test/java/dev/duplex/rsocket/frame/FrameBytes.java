package dev.duplex.rsocket.frame;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Bytes for codec tests: hex written by hand in pieces (one piece per field, each with its
 * comment), and buffers from {@link ByteBufAllocator#DEFAULT} that are tracked so a test can assert
 * that the codec released (consumed) them, and release whatever is left when it ends.
 */
final class FrameBytes implements AutoCloseable {

  static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;

  private final List<ByteBuf> buffers = new ArrayList<>();

  /** Joins hex pieces into one lower-case string without spaces. */
  static String hex(String... pieces) {
    StringBuilder sb = new StringBuilder();
    for (String piece : pieces) {
      sb.append(piece.replaceAll("\\s", "").toLowerCase());
    }
    String hex = sb.toString();
    if (hex.length() % 2 != 0) {
      throw new IllegalArgumentException("odd number of hex digits: " + hex);
    }
    return hex;
  }

  /** The readable bytes of {@code buf} (composite or not) as lower-case hex; borrows it. */
  static String hexOf(ByteBuf buf) {
    return ByteBufUtil.hexDump(buf);
  }

  /** The readable bytes of {@code buf} (borrowed) copied into an array. */
  static byte[] bytesOf(ByteBuf buf) {
    return ByteBufUtil.getBytes(buf);
  }

  /** A new untracked buffer holding {@code hex}; the caller releases it. */
  static ByteBuf untracked(String hex) {
    byte[] bytes = ByteBufUtil.decodeHexDump(hex(hex));
    return ALLOC.buffer(bytes.length).writeBytes(bytes);
  }

  /** A tracked buffer holding the bytes of {@code hex}. */
  ByteBuf fromHex(String hex) {
    byte[] bytes = ByteBufUtil.decodeHexDump(hex(hex));
    return track(ALLOC.buffer(bytes.length).writeBytes(bytes));
  }

  /** A tracked buffer holding {@code text} as UTF-8. */
  ByteBuf utf8(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return track(ALLOC.buffer(bytes.length).writeBytes(bytes));
  }

  /** A tracked buffer holding {@code bytes}. */
  ByteBuf bytes(byte[] bytes) {
    return track(ALLOC.buffer(bytes.length).writeBytes(bytes));
  }

  /** A tracked empty buffer. */
  ByteBuf empty() {
    return track(ALLOC.buffer(0));
  }

  /** A tracked buffer of {@code length} bytes {@code (i * 31 + seed) & 0xFF}. */
  ByteBuf pattern(int length, int seed) {
    ByteBuf buf = ALLOC.buffer(length);
    for (int i = 0; i < length; i++) {
      buf.writeByte(i * 31 + seed);
    }
    return track(buf);
  }

  /** A tracked buffer of {@code length} readable bytes whose contents are not written. */
  ByteBuf uninitialized(int length) {
    ByteBuf buf = ALLOC.buffer(length, length);
    return track(buf.writerIndex(length));
  }

  /** Starts tracking {@code buf}. */
  <B extends ByteBuf> B track(B buf) {
    buffers.add(buf);
    return buf;
  }

  /** Asserts that every tracked buffer was released: the codec consumed it (STYLE section 7). */
  void assertAllReleased() {
    for (int i = 0; i < buffers.size(); i++) {
      assertThat(buffers.get(i).refCnt()).as("refCnt of consumed input #%d", i).isZero();
    }
  }

  /** Releases what the code under test did not, so a failing test reports its failure, no leak. */
  @Override
  public void close() {
    for (ByteBuf buf : buffers) {
      if (buf.refCnt() > 0) {
        buf.release(buf.refCnt());
      }
    }
    buffers.clear();
  }
}

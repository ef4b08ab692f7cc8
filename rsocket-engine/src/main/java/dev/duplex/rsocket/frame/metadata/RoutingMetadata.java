package dev.duplex.rsocket.frame.metadata;

import dev.duplex.rsocket.frame.FrameDecodingException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Routing metadata ({@code message/x.rsocket.routing.v0}, checklist #195–#198): tags, each a
 * one-byte length and 0 to 255 bytes of UTF-8, to the end of the metadata.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +---------------+-----------------------------------------------+
 * |  Tag length   |  Tag (UTF-8, not null-terminated)          ...
 * +---------------+-----------------------------------------------+
 * |  Tag length   |  Tag                                       ...
 * +---------------+-----------------------------------------------+
 * </pre>
 *
 * <p>Inside composite metadata, {@link CompositeMetadata#encodeRoutingEntry} writes the entry
 * header and the tags in one go. Decoders read from the reader index to the writer index and count
 * tags from 0; empty tags are legal (checklist #198).
 */
public final class RoutingMetadata {

  /** The longest tag, in UTF-8 bytes. */
  public static final int MAX_TAG_LENGTH = 0xFF;

  private RoutingMetadata() {
  }

  /**
   * Appends {@code tags}, in order.
   *
   * @param target where the tags go (borrowed); unchanged if this throws
   * @throws IllegalArgumentException if a tag is longer than 255 UTF-8 bytes
   */
  public static void encode(ByteBuf target, String... tags) {
    int mark = target.writerIndex();
    try {
      for (String tag : tags) {
        encodeTag(target, tag);
      }
    } catch (RuntimeException e) {
      target.writerIndex(mark);
      throw e;
    }
  }

  /**
   * Appends {@code tags}, in iteration order.
   *
   * @param target where the tags go (borrowed); unchanged if this throws
   * @throws IllegalArgumentException if a tag is longer than 255 UTF-8 bytes
   */
  public static void encode(ByteBuf target, Iterable<String> tags) {
    int mark = target.writerIndex();
    try {
      for (String tag : tags) {
        encodeTag(target, tag);
      }
    } catch (RuntimeException e) {
      target.writerIndex(mark);
      throw e;
    }
  }

  private static void encodeTag(ByteBuf target, String tag) {
    int length = ByteBufUtil.utf8Bytes(tag);
    if (length > MAX_TAG_LENGTH) {
      throw new IllegalArgumentException(
          "tag: " + length + " UTF-8 bytes (expected: <= " + MAX_TAG_LENGTH + ")");
    }
    target.ensureWritable(1 + length);
    target.writeByte(length);
    ByteBufUtil.reserveAndWriteUtf8(target, tag, length);
  }

  /**
   * All tags, in order.
   *
   * @param routing routing metadata (borrowed)
   * @return an unmodifiable list
   * @throws FrameDecodingException if a tag runs past the end (checklist #198)
   */
  public static List<String> tags(ByteBuf routing) {
    TagReader reader = new TagReader(routing);
    List<String> tags = new ArrayList<>();
    while (reader.next()) {
      tags.add(reader.tag());
    }
    return Collections.unmodifiableList(tags);
  }

  /**
   * The first tag, or {@code null} when there is none; tags after it are not checked. Allocates
   * nothing but the returned string.
   *
   * @param routing routing metadata (borrowed)
   * @throws FrameDecodingException if the first tag runs past the end (checklist #198)
   */
  public static @Nullable String firstTag(ByteBuf routing) {
    int length = routing.readableBytes();
    if (length == 0) {
      return null;
    }
    int base = routing.readerIndex();
    int tagLength = routing.getUnsignedByte(base);
    checkTag(0, 0, tagLength, length - 1);
    return routing.toString(base + 1, tagLength, StandardCharsets.UTF_8);
  }

  /**
   * A reader over the tags of {@code routing}.
   *
   * @param routing routing metadata (borrowed: it must stay readable, and unmodified, while the
   *     reader and the slices it hands out are in use)
   */
  public static TagReader tagReader(ByteBuf routing) {
    return new TagReader(routing);
  }

  private static void checkTag(int index, int offset, int tagLength, int available) {
    if (tagLength > available) {
      throw new FrameDecodingException(String.format(
          "routing metadata tag %d at offset %d: length %d runs past the end (expected: <= %d)",
          index, offset, tagLength, available), null, 0, false);
    }
  }

  /**
   * Iterates the tags of one routing metadata without copying: {@link #next()} moves to the next
   * tag, which allocates nothing, and checks its length. Not thread-safe.
   */
  public static final class TagReader {

    private final ByteBuf routing;
    private final int base;
    private final int length;

    private int position;
    private int index = -1;
    private int tagOffset;
    private int tagLength;
    private boolean positioned;

    private TagReader(ByteBuf routing) {
      this.routing = routing;
      this.base = routing.readerIndex();
      this.length = routing.readableBytes();
    }

    /**
     * Moves to the next tag.
     *
     * @return {@code false} when there are no more tags (also after this has thrown)
     * @throws FrameDecodingException if the tag runs past the end (checklist #198)
     */
    public boolean next() {
      positioned = false;
      if (position >= length) {
        position = length;
        return false;
      }
      index++;
      int offset = position;
      position = length;
      int tagLength = routing.getUnsignedByte(base + offset);
      checkTag(index, offset, tagLength, length - offset - 1);
      this.tagOffset = offset + 1;
      this.tagLength = tagLength;
      position = tagOffset + tagLength;
      positioned = true;
      return true;
    }

    /** The index of the current tag, counted from 0. */
    public int index() {
      checkPositioned();
      return index;
    }

    /** The current tag, decoded from UTF-8. */
    public String tag() {
      checkPositioned();
      return routing.toString(base + tagOffset, tagLength, StandardCharsets.UTF_8);
    }

    /**
     * The UTF-8 bytes of the current tag.
     *
     * @return an unretained slice of the routing metadata (borrowed: valid while it is)
     */
    public ByteBuf tagBytes() {
      checkPositioned();
      return tagLength == 0 ? Unpooled.EMPTY_BUFFER : routing.slice(base + tagOffset, tagLength);
    }

    private void checkPositioned() {
      if (!positioned) {
        throw new IllegalStateException("no current tag: call next() and check that it returns "
            + "true");
      }
    }
  }
}

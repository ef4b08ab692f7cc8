package dev.duplex.rsocket.frame.metadata;

import dev.duplex.rsocket.frame.FrameDecodingException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Collection;
import org.jspecify.annotations.Nullable;

/**
 * Composite metadata ({@code message/x.rsocket.composite-metadata.v0}, checklist #184–#190):
 * entries placed back to back, each a MIME type and a length-prefixed content.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-------------+-----------------------------------------------+
 * |M| ID/Len - 1  |  MIME type string (only when M = 0)        ...
 * +-+-------------+-----------------------+-----------------------+
 * |        Content length (24 bits)       |  Content           ...
 * +---------------------------------------+-----------------------+
 * |M| ID/Len - 1  |  ... next entry
 * </pre>
 *
 * <p>With M = 1 the 7 bits are a {@link WellKnownMimeType} ID; with M = 0 they are the length - 1
 * of a US-ASCII MIME string of 1 to 128 bytes (checklist #188). Read entries with {@link #reader};
 * write them with the {@code encode*} methods, which append one entry to a target buffer, or with
 * {@link #beginEntry}/{@link #endEntry} around any code that writes the content in place.
 */
public final class CompositeMetadata {

  /** The largest entry content a 24-bit length can describe. */
  public static final int MAX_CONTENT_LENGTH = 0xFF_FFFF;

  private static final int LENGTH_FIELD = 3;

  private CompositeMetadata() {
  }

  /**
   * A reader over the entries of {@code metadata}, from its reader index to its writer index.
   *
   * @param metadata composite metadata (borrowed: it must stay readable, and unmodified, while the
   *     reader and the slices it hands out are in use)
   */
  public static Reader reader(ByteBuf metadata) {
    return new Reader(metadata);
  }

  /**
   * The content of the first entry of {@code type}, in ID or string form, or {@code null} when
   * there is none. Entries after it are not checked.
   *
   * @param metadata composite metadata (borrowed)
   * @return an unretained slice of {@code metadata} (borrowed)
   * @throws FrameDecodingException if an entry before it, or it, is malformed
   */
  public static @Nullable ByteBuf findFirst(ByteBuf metadata, WellKnownMimeType type) {
    Reader reader = new Reader(metadata);
    while (reader.next()) {
      if (reader.isMimeType(type)) {
        return reader.content();
      }
    }
    return null;
  }

  /**
   * Appends an entry with the one-byte ID of {@code type}.
   *
   * @param target where the entry goes (borrowed); unchanged if this throws
   * @param content the entry content from its reader index to its writer index (borrowed: bytes
   *     are copied, its indexes do not move)
   * @throws IllegalArgumentException if {@code content} is longer than {@link #MAX_CONTENT_LENGTH}
   */
  public static void encodeEntry(ByteBuf target, WellKnownMimeType type, ByteBuf content) {
    int length = checkContent(content);
    target.ensureWritable(1 + LENGTH_FIELD + length);
    target.writeByte(TypeField.WELL_KNOWN | type.identifier());
    target.writeMedium(length);
    target.writeBytes(content, content.readerIndex(), length);
  }

  /**
   * Appends an entry whose MIME type is written as a string, even when {@code mimeType} names a
   * well-known type: pass {@link WellKnownMimeType#fromString} to the other overload for the
   * one-byte ID. The string form lets a sender reach a peer that lacks an ID (checklist #194).
   *
   * @param target where the entry goes (borrowed); unchanged if this throws
   * @param mimeType 1 to 128 US-ASCII characters, written as length - 1 (checklist #188)
   * @param content the entry content from its reader index to its writer index (borrowed: bytes
   *     are copied, its indexes do not move)
   * @throws IllegalArgumentException if {@code mimeType} is empty, longer than 128 or not
   *     US-ASCII, or {@code content} is longer than {@link #MAX_CONTENT_LENGTH}
   */
  public static void encodeEntry(ByteBuf target, String mimeType, ByteBuf content) {
    TypeField.checkString("mimeType", mimeType);
    int length = checkContent(content);
    target.ensureWritable(TypeField.stringFieldLength(mimeType) + LENGTH_FIELD + length);
    TypeField.writeString(target, mimeType);
    target.writeMedium(length);
    target.writeBytes(content, content.readerIndex(), length);
  }

  /**
   * Appends a routing entry ({@link WellKnownMimeType#MESSAGE_RSOCKET_ROUTING}) whose content the
   * tags are encoded into directly, with no buffer in between (checklist #195, #196).
   *
   * @param target where the entry goes (borrowed); unchanged if this throws
   * @throws IllegalArgumentException if a tag is longer than 255 UTF-8 bytes
   */
  public static void encodeRoutingEntry(ByteBuf target, String... tags) {
    int mark = beginEntry(target, WellKnownMimeType.MESSAGE_RSOCKET_ROUTING);
    try {
      RoutingMetadata.encode(target, tags);
    } catch (RuntimeException e) {
      target.writerIndex(mark);
      throw e;
    }
    endEntry(target, mark);
  }

  /**
   * Appends a routing entry; see {@link #encodeRoutingEntry(ByteBuf, String...)}.
   *
   * @param target where the entry goes (borrowed); unchanged if this throws
   * @throws IllegalArgumentException if a tag is longer than 255 UTF-8 bytes
   */
  public static void encodeRoutingEntry(ByteBuf target, Collection<String> tags) {
    int mark = beginEntry(target, WellKnownMimeType.MESSAGE_RSOCKET_ROUTING);
    try {
      RoutingMetadata.encode(target, tags);
    } catch (RuntimeException e) {
      target.writerIndex(mark);
      throw e;
    }
    endEntry(target, mark);
  }

  /**
   * Writes the header of an entry of {@code type} with a placeholder length, for content written in
   * place after it; {@link #endEntry} fills in the length.
   *
   * <pre>{@code
   * int mark = CompositeMetadata.beginEntry(metadata, MESSAGE_RSOCKET_AUTHENTICATION);
   * AuthMetadata.encodeBearer(metadata, token);
   * CompositeMetadata.endEntry(metadata, mark);
   * }</pre>
   *
   * @param target where the entry goes (borrowed)
   * @return the writer index of {@code target} before the header, to pass to {@link #endEntry}
   */
  public static int beginEntry(ByteBuf target, WellKnownMimeType type) {
    int mark = target.writerIndex();
    target.ensureWritable(1 + LENGTH_FIELD);
    target.writeByte(TypeField.WELL_KNOWN | type.identifier());
    target.writeMedium(0);
    return mark;
  }

  /**
   * Writes the header of an entry whose MIME type is the string {@code mimeType}; see {@link
   * #beginEntry(ByteBuf, WellKnownMimeType)} and {@link #encodeEntry(ByteBuf, String, ByteBuf)}.
   *
   * @param target where the entry goes (borrowed); unchanged if this throws
   * @return the writer index of {@code target} before the header, to pass to {@link #endEntry}
   * @throws IllegalArgumentException if {@code mimeType} is empty, longer than 128 or not US-ASCII
   */
  public static int beginEntry(ByteBuf target, String mimeType) {
    TypeField.checkString("mimeType", mimeType);
    int mark = target.writerIndex();
    target.ensureWritable(TypeField.stringFieldLength(mimeType) + LENGTH_FIELD);
    TypeField.writeString(target, mimeType);
    target.writeMedium(0);
    return mark;
  }

  /**
   * Sets the length of the entry begun at {@code mark} to the bytes written after its header.
   *
   * @param target the buffer given to {@code beginEntry} (borrowed)
   * @param mark what {@code beginEntry} returned
   * @throws IllegalArgumentException if the content is longer than {@link #MAX_CONTENT_LENGTH}; the
   *     entry is then removed ({@code target}'s writer index goes back to {@code mark})
   */
  public static void endEntry(ByteBuf target, int mark) {
    int header = target.getUnsignedByte(mark);
    int lengthIndex = mark + 1
        + ((header & TypeField.WELL_KNOWN) != 0 ? 0 : (header & 0x7F) + 1);
    int length = target.writerIndex() - lengthIndex - LENGTH_FIELD;
    if (length < 0) {
      throw new IllegalArgumentException(
          "mark: " + mark + " (expected: a value returned by beginEntry on this buffer)");
    }
    if (length > MAX_CONTENT_LENGTH) {
      target.writerIndex(mark);
      throw new IllegalArgumentException(
          "content: " + length + " bytes (expected: <= " + MAX_CONTENT_LENGTH + ")");
    }
    target.setMedium(lengthIndex, length);
  }

  private static int checkContent(ByteBuf content) {
    int length = content.readableBytes();
    if (length > MAX_CONTENT_LENGTH) {
      throw new IllegalArgumentException(
          "content: " + length + " bytes (expected: <= " + MAX_CONTENT_LENGTH + ")");
    }
    return length;
  }

  /**
   * Iterates the entries of one composite metadata without copying: {@link #next()} moves to the
   * next entry and checks its lengths; the accessors describe the current one.
   *
   * <pre>{@code
   * CompositeMetadata.Reader reader = CompositeMetadata.reader(metadata);
   * while (reader.next()) {
   *   if (reader.isMimeType(WellKnownMimeType.MESSAGE_RSOCKET_ROUTING)) {
   *     route = RoutingMetadata.firstTag(reader.content());
   *   }
   * }
   * }</pre>
   *
   * <p>Moving to an entry allocates nothing; {@link #content()} makes a slice and
   * {@link #mimeType()} decodes a string MIME type. Entries are counted from 0 and offsets from the
   * metadata's reader index. An entry with a reserved ID (checklist #192) is not an error: its
   * {@link #mimeType()} and {@link #wellKnownMimeType()} are {@code null}, and a caller that does
   * not know it skips it (checklist #189). Not thread-safe.
   */
  public static final class Reader {

    private final ByteBuf metadata;
    private final int base;
    private final int length;

    private int position;
    private int index = -1;
    private int entryOffset;
    private int mimeTypeId;
    private int mimeStringOffset;
    private int mimeStringLength;
    private int contentOffset;
    private int contentLength;
    private @Nullable String mimeString;
    private boolean positioned;

    private Reader(ByteBuf metadata) {
      this.metadata = metadata;
      this.base = metadata.readerIndex();
      this.length = metadata.readableBytes();
    }

    /**
     * Moves to the next entry.
     *
     * @return {@code false} when there are no more entries (also after this has thrown)
     * @throws FrameDecodingException if the entry's MIME type or content runs past the end of the
     *     metadata (checklist #190)
     */
    public boolean next() {
      positioned = false;
      mimeString = null;
      if (position >= length) {
        position = length;
        return false;
      }
      index++;
      entryOffset = position;
      int offset = position;
      position = length; // until the entry checks out, so a caller that catches cannot loop
      int header = metadata.getUnsignedByte(base + offset);
      offset++;
      if ((header & TypeField.WELL_KNOWN) != 0) {
        mimeTypeId = header & 0x7F;
        mimeStringOffset = 0;
        mimeStringLength = 0;
      } else {
        mimeTypeId = -1;
        mimeStringLength = (header & 0x7F) + 1;
        int available = length - offset;
        if (mimeStringLength > available) {
          throw malformed(String.format(
              "MIME type length %d runs past the end of the metadata (expected: <= %d)",
              mimeStringLength, available));
        }
        mimeStringOffset = offset;
        offset += mimeStringLength;
      }
      int available = length - offset;
      if (available < LENGTH_FIELD) {
        throw malformed(String.format(
            "content length field at offset %d runs past the end of the metadata "
                + "(expected: 3 bytes, available: %d)", offset, available));
      }
      contentLength = metadata.getUnsignedMedium(base + offset);
      offset += LENGTH_FIELD;
      available = length - offset;
      if (contentLength > available) {
        throw malformed(String.format(
            "content length %d runs past the end of the metadata (expected: <= %d)",
            contentLength, available));
      }
      contentOffset = offset;
      position = offset + contentLength;
      positioned = true;
      return true;
    }

    /** The index of the current entry, counted from 0. */
    public int index() {
      checkPositioned();
      return index;
    }

    /** The offset of the current entry's first byte from the metadata's reader index. */
    public int offset() {
      checkPositioned();
      return entryOffset;
    }

    /**
     * The 7-bit well-known ID of the current entry, which may be reserved, or -1 when its MIME type
     * is written as a string.
     */
    public int mimeTypeId() {
      checkPositioned();
      return mimeTypeId;
    }

    /**
     * The well-known type of the current entry, whether written as its ID or as its string
     * (checklist #194), or {@code null} for a reserved ID or another string. The string form is
     * decoded, as by {@link #mimeType()}; {@link #isMimeType} checks one type without allocating.
     */
    public @Nullable WellKnownMimeType wellKnownMimeType() {
      checkPositioned();
      if (mimeTypeId >= 0) {
        return WellKnownMimeType.fromIdentifier(mimeTypeId);
      }
      return WellKnownMimeType.fromString(mimeType());
    }

    /**
     * Whether the current entry has MIME type {@code type}, as its ID or its string (checklist
     * #194). Allocates nothing.
     */
    public boolean isMimeType(WellKnownMimeType type) {
      checkPositioned();
      if (mimeTypeId >= 0) {
        return mimeTypeId == type.identifier();
      }
      return TypeField.asciiEquals(metadata, base + mimeStringOffset, mimeStringLength,
          type.string());
    }

    /**
     * The MIME type of the current entry: the string of a well-known ID, the string as written, or
     * {@code null} for a reserved ID.
     */
    public @Nullable String mimeType() {
      checkPositioned();
      if (mimeTypeId >= 0) {
        WellKnownMimeType type = WellKnownMimeType.fromIdentifier(mimeTypeId);
        return type != null ? type.string() : null;
      }
      String string = mimeString;
      if (string == null) {
        string = TypeField.ascii(metadata, base + mimeStringOffset, mimeStringLength);
        mimeString = string;
      }
      return string;
    }

    /** The length of the current entry's content in bytes. */
    public int contentLength() {
      checkPositioned();
      return contentLength;
    }

    /**
     * The content of the current entry.
     *
     * @return an unretained slice of the metadata (borrowed: valid while the metadata is)
     */
    public ByteBuf content() {
      checkPositioned();
      return contentLength == 0
          ? Unpooled.EMPTY_BUFFER
          : metadata.slice(base + contentOffset, contentLength);
    }

    private void checkPositioned() {
      if (!positioned) {
        throw new IllegalStateException("no current entry: call next() and check that it returns "
            + "true");
      }
    }

    private FrameDecodingException malformed(String detail) {
      return new FrameDecodingException(
          "composite metadata entry " + index + " at offset " + entryOffset + ": " + detail,
          null, 0, false);
    }
  }
}

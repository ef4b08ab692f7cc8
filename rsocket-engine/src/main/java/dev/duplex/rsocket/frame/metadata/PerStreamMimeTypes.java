package dev.duplex.rsocket.frame.metadata;

import dev.duplex.rsocket.frame.FrameDecodingException;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Per-stream data MIME types (checklist #204–#206): the content of a {@code
 * message/x.rsocket.mime-type.v0} entry, one MIME type, and of a {@code
 * message/x.rsocket.accept-mime-types.v0} entry, MIME types back to back.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-------------+-----------------------------------------------+
 * |M| ID/Len - 1  |  MIME type string (only when M = 0)        ...
 * +-+-------------+-----------------------------------------------+
 * |M| ID/Len - 1  |  ... (accept-mime-types only)
 * </pre>
 *
 * <p>With M = 1 the 7 bits are a {@link WellKnownMimeType} ID; with M = 0 they are the length - 1
 * of a US-ASCII string of 1 to 128 bytes, as rsocket-java writes it (checklist #206). An accept
 * list is {@link #encodeMimeType} called once per type, or {@link #encodeAcceptMimeTypes} for
 * strings. Decoders read from the reader index to the writer index and count MIME types from 0.
 */
public final class PerStreamMimeTypes {

  private PerStreamMimeTypes() {
  }

  /**
   * Appends the one-byte ID of {@code type}: the whole content of a mime-type entry, or one item
   * of an accept-mime-types entry.
   *
   * @param target where the MIME type goes (borrowed)
   */
  public static void encodeMimeType(ByteBuf target, WellKnownMimeType type) {
    target.writeByte(TypeField.WELL_KNOWN | type.identifier());
  }

  /**
   * Appends {@code mimeType} as a string, even when it names a well-known type (pass {@link
   * WellKnownMimeType#fromString} to the other overload for the one-byte ID).
   *
   * @param target where the MIME type goes (borrowed); unchanged if this throws
   * @param mimeType 1 to 128 US-ASCII characters, written as length - 1
   * @throws IllegalArgumentException if {@code mimeType} is empty, longer than 128 or not US-ASCII
   */
  public static void encodeMimeType(ByteBuf target, String mimeType) {
    TypeField.checkString("mimeType", mimeType);
    target.ensureWritable(TypeField.stringFieldLength(mimeType));
    TypeField.writeString(target, mimeType);
  }

  /**
   * Appends the content of an accept-mime-types entry: each of {@code mimeTypes} as a string, in
   * iteration order.
   *
   * @param target where the MIME types go (borrowed); unchanged if this throws
   * @throws IllegalArgumentException if {@code mimeTypes} is empty, or one of them is empty,
   *     longer than 128 or not US-ASCII
   */
  public static void encodeAcceptMimeTypes(ByteBuf target, Collection<String> mimeTypes) {
    if (mimeTypes.isEmpty()) {
      throw new IllegalArgumentException("mimeTypes: empty (expected: at least one)");
    }
    int length = 0;
    for (String mimeType : mimeTypes) {
      TypeField.checkString("mimeType", mimeType);
      length += TypeField.stringFieldLength(mimeType);
    }
    target.ensureWritable(length);
    for (String mimeType : mimeTypes) {
      TypeField.writeString(target, mimeType);
    }
  }

  /**
   * The MIME type in the content of a mime-type entry: the string of a well-known ID, the string as
   * written, or {@code null} for a reserved ID. Bytes after it are ignored.
   *
   * @param content the entry content (borrowed)
   * @throws FrameDecodingException if the content is empty or its string runs past the end
   */
  public static @Nullable String decodeMimeType(ByteBuf content) {
    int base = content.readerIndex();
    int length = content.readableBytes();
    if (length == 0) {
      throw new FrameDecodingException("mime-type metadata item 0 at offset 0: MIME type field "
          + "runs past the end (expected: 1 byte, available: 0)", null, 0, false);
    }
    checkItem("mime-type", content, 0, 0);
    return itemString(content, base);
  }

  /**
   * The MIME types in the content of an accept-mime-types entry, in order; reserved IDs are left
   * out (checklist #192).
   *
   * @param content the entry content (borrowed)
   * @return an unmodifiable list
   * @throws FrameDecodingException if a string runs past the end
   */
  public static List<String> decodeAcceptMimeTypes(ByteBuf content) {
    int base = content.readerIndex();
    int length = content.readableBytes();
    List<String> mimeTypes = new ArrayList<>();
    int offset = 0;
    for (int index = 0; offset < length; index++) {
      int next = checkItem("accept-mime-types", content, index, offset);
      String mimeType = itemString(content, base + offset);
      if (mimeType != null) {
        mimeTypes.add(mimeType);
      }
      offset = next;
    }
    return Collections.unmodifiableList(mimeTypes);
  }

  /** Checks the item at {@code offset} and returns the offset after it. */
  private static int checkItem(String format, ByteBuf content, int index, int offset) {
    int header = content.getUnsignedByte(content.readerIndex() + offset);
    if ((header & TypeField.WELL_KNOWN) != 0) {
      return offset + 1;
    }
    int stringLength = (header & 0x7F) + 1;
    int available = content.readableBytes() - offset - 1;
    if (stringLength > available) {
      throw new FrameDecodingException(String.format(
          "%s metadata item %d at offset %d: MIME type length %d runs past the end "
              + "(expected: <= %d)", format, index, offset, stringLength, available),
          null, 0, false);
    }
    return offset + 1 + stringLength;
  }

  private static @Nullable String itemString(ByteBuf content, int index) {
    int header = content.getUnsignedByte(index);
    if ((header & TypeField.WELL_KNOWN) != 0) {
      WellKnownMimeType type = WellKnownMimeType.fromIdentifier(header & 0x7F);
      return type != null ? type.string() : null;
    }
    return TypeField.ascii(content, index + 1, (header & 0x7F) + 1);
  }
}

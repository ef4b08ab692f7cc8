package dev.duplex.rsocket.frame.metadata;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * The {@code M|ID/Len} byte shared by composite metadata entries, per-stream MIME types and the
 * authentication type: the {@code 0x80} bit marks a well-known 7-bit ID, otherwise the 7 bits are
 * the length - 1 of a US-ASCII string that follows (checklist #188, #200, #206).
 */
final class TypeField {

  /** The flag bit of a well-known ID. */
  static final int WELL_KNOWN = 0x80;

  /** The longest custom type string, 2^7 bytes. */
  static final int MAX_STRING_LENGTH = 128;

  private TypeField() {
  }

  /**
   * Checks that {@code value} can be written as a custom type string: 1 to 128 US-ASCII characters.
   *
   * @param name the argument's name, for the message
   * @throws IllegalArgumentException otherwise
   */
  static void checkString(String name, String value) {
    int length = value.length();
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      if (c > 0x7F) {
        throw new IllegalArgumentException(String.format(
            "%s: non-US-ASCII character U+%04X at index %d (expected: US-ASCII)",
            name, (int) c, i));
      }
    }
    if (length < 1 || length > MAX_STRING_LENGTH) {
      throw new IllegalArgumentException(
          name + ": " + length + " bytes (expected: 1.." + MAX_STRING_LENGTH + " US-ASCII bytes)");
    }
  }

  /** Writes a string checked by {@link #checkString}: its length - 1, then its bytes. */
  static void writeString(ByteBuf target, String value) {
    target.writeByte(value.length() - 1);
    target.writeCharSequence(value, StandardCharsets.US_ASCII);
  }

  /** The number of bytes {@link #writeString} writes. */
  static int stringFieldLength(String value) {
    return 1 + value.length();
  }

  /** Whether the US-ASCII bytes {@code buf[index, index + length)} spell {@code value}. */
  static boolean asciiEquals(ByteBuf buf, int index, int length, String value) {
    if (length != value.length()) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (buf.getByte(index + i) != value.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** Decodes {@code buf[index, index + length)} as US-ASCII. */
  static String ascii(ByteBuf buf, int index, int length) {
    return buf.toString(index, length, StandardCharsets.US_ASCII);
  }
}

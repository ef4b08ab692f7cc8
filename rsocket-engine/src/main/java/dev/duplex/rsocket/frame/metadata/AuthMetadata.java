package dev.duplex.rsocket.frame.metadata;

import dev.duplex.rsocket.frame.FrameDecodingException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Authentication metadata ({@code message/x.rsocket.authentication.v0}, checklist #199–#203): an
 * auth type, as a well-known ID or a string, then a payload to the end of the metadata.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-------------+-----------------------------------------------+
 * |A| ID/Len - 1  |  Auth type string (only when A = 0)        ...
 * +-+-------------+-----------------------------------------------+
 * |  Authentication payload                                    ...
 * +---------------------------------------------------------------+
 *
 * simple payload:                      bearer payload:
 * +-------------------------------+    +--------------------------+
 * |  Username length (16 bits)    |    |  Token (UTF-8)        ...
 * +-------------------------------+    +--------------------------+
 * |  Username (UTF-8)          ...
 * +-------------------------------+
 * |  Password (UTF-8, the rest) ...
 * +-------------------------------+
 * </pre>
 *
 * <p>With A = 1 the 7 bits are a {@link WellKnownAuthType} ID; with A = 0 they are the length - 1
 * of a US-ASCII auth-type string of 1 to 128 bytes (checklist #200). Decoders take the whole
 * authentication metadata, read it from its reader index to its writer index by absolute index, and
 * treat the string {@code "simple"} as {@link WellKnownAuthType#SIMPLE}, likewise
 * {@code "bearer"}. Simple credentials travel in clear text; send them over TLS only (checklist
 * #202).
 */
public final class AuthMetadata {

  /** The longest username, in UTF-8 bytes (a 16-bit length). */
  public static final int MAX_USERNAME_LENGTH = 0xFFFF;

  private AuthMetadata() {
  }

  /**
   * Appends simple authentication: the well-known {@link WellKnownAuthType#SIMPLE} ID, the
   * username's 16-bit length, the username and the password, both UTF-8.
   *
   * @param target where the metadata goes (borrowed); unchanged if this throws
   * @throws IllegalArgumentException if the username is longer than 65535 UTF-8 bytes
   */
  public static void encodeSimple(ByteBuf target, CharSequence username, CharSequence password) {
    int usernameLength = ByteBufUtil.utf8Bytes(username);
    if (usernameLength > MAX_USERNAME_LENGTH) {
      throw new IllegalArgumentException("username: " + usernameLength
          + " UTF-8 bytes (expected: <= " + MAX_USERNAME_LENGTH + ")");
    }
    int passwordLength = ByteBufUtil.utf8Bytes(password);
    target.ensureWritable(3 + usernameLength + passwordLength);
    target.writeByte(TypeField.WELL_KNOWN | WellKnownAuthType.SIMPLE.identifier());
    target.writeShort(usernameLength);
    ByteBufUtil.reserveAndWriteUtf8(target, username, usernameLength);
    ByteBufUtil.reserveAndWriteUtf8(target, password, passwordLength);
  }

  /**
   * Appends bearer authentication: the well-known {@link WellKnownAuthType#BEARER} ID and the
   * token in UTF-8.
   *
   * @param target where the metadata goes (borrowed)
   */
  public static void encodeBearer(ByteBuf target, CharSequence token) {
    int tokenLength = ByteBufUtil.utf8Bytes(token);
    target.ensureWritable(1 + tokenLength);
    target.writeByte(TypeField.WELL_KNOWN | WellKnownAuthType.BEARER.identifier());
    ByteBufUtil.reserveAndWriteUtf8(target, token, tokenLength);
  }

  /**
   * Appends the one-byte ID of {@code type} and {@code payload}.
   *
   * @param target where the metadata goes (borrowed)
   * @param payload from its reader index to its writer index (borrowed: bytes are copied, its
   *     indexes do not move)
   */
  public static void encode(ByteBuf target, WellKnownAuthType type, ByteBuf payload) {
    int length = payload.readableBytes();
    target.ensureWritable(1 + length);
    target.writeByte(TypeField.WELL_KNOWN | type.identifier());
    target.writeBytes(payload, payload.readerIndex(), length);
  }

  /**
   * Appends {@code authType} as a string, even when it names a well-known type (pass {@link
   * WellKnownAuthType#fromString} to the other overload for the one-byte ID), and {@code payload}.
   *
   * @param target where the metadata goes (borrowed); unchanged if this throws
   * @param authType 1 to 128 US-ASCII characters, written as length - 1 (checklist #200)
   * @param payload from its reader index to its writer index (borrowed: bytes are copied, its
   *     indexes do not move)
   * @throws IllegalArgumentException if {@code authType} is empty, longer than 128 or not US-ASCII
   */
  public static void encode(ByteBuf target, String authType, ByteBuf payload) {
    TypeField.checkString("authType", authType);
    int length = payload.readableBytes();
    target.ensureWritable(TypeField.stringFieldLength(authType) + length);
    TypeField.writeString(target, authType);
    target.writeBytes(payload, payload.readerIndex(), length);
  }

  /**
   * The 7-bit well-known ID, which may be unassigned, or -1 when the auth type is a string.
   *
   * @param auth authentication metadata (borrowed)
   * @throws FrameDecodingException if the metadata is empty or its auth type runs past the end
   */
  public static int authTypeId(ByteBuf auth) {
    payloadOffset(auth);
    int header = auth.getUnsignedByte(auth.readerIndex());
    return (header & TypeField.WELL_KNOWN) != 0 ? header & 0x7F : -1;
  }

  /**
   * The well-known type, written as its ID or as its string, or {@code null} for an unassigned ID
   * or another string.
   *
   * @param auth authentication metadata (borrowed)
   * @throws FrameDecodingException if the metadata is empty or its auth type runs past the end
   */
  public static @Nullable WellKnownAuthType wellKnownType(ByteBuf auth) {
    int payloadOffset = payloadOffset(auth);
    int base = auth.readerIndex();
    int header = auth.getUnsignedByte(base);
    if ((header & TypeField.WELL_KNOWN) != 0) {
      return WellKnownAuthType.fromIdentifier(header & 0x7F);
    }
    for (WellKnownAuthType type : WellKnownAuthType.values()) {
      if (TypeField.asciiEquals(auth, base + 1, payloadOffset - 1, type.string())) {
        return type;
      }
    }
    return null;
  }

  /**
   * The auth type: the string of a well-known ID, the string as written, or {@code null} for an
   * unassigned ID.
   *
   * @param auth authentication metadata (borrowed)
   * @throws FrameDecodingException if the metadata is empty or its auth type runs past the end
   */
  public static @Nullable String authType(ByteBuf auth) {
    int payloadOffset = payloadOffset(auth);
    int base = auth.readerIndex();
    int header = auth.getUnsignedByte(base);
    if ((header & TypeField.WELL_KNOWN) != 0) {
      WellKnownAuthType type = WellKnownAuthType.fromIdentifier(header & 0x7F);
      return type != null ? type.string() : null;
    }
    return TypeField.ascii(auth, base + 1, payloadOffset - 1);
  }

  /**
   * The authentication payload: everything after the auth type.
   *
   * @param auth authentication metadata (borrowed)
   * @return an unretained slice of {@code auth} (borrowed: valid while it is)
   * @throws FrameDecodingException if the metadata is empty or its auth type runs past the end
   */
  public static ByteBuf payload(ByteBuf auth) {
    int payloadOffset = payloadOffset(auth);
    return slice(auth, payloadOffset, auth.readableBytes() - payloadOffset);
  }

  /**
   * The username of simple authentication.
   *
   * @param auth authentication metadata of type {@link WellKnownAuthType#SIMPLE} (borrowed)
   * @throws IllegalArgumentException if the type is not simple
   * @throws FrameDecodingException if the username length or the username runs past the end
   */
  public static String username(ByteBuf auth) {
    int usernameOffset = usernameOffset(auth);
    int base = auth.readerIndex();
    return auth.toString(base + usernameOffset, auth.getUnsignedShort(base + usernameOffset - 2),
        StandardCharsets.UTF_8);
  }

  /**
   * The password of simple authentication: the bytes after the username.
   *
   * @param auth authentication metadata of type {@link WellKnownAuthType#SIMPLE} (borrowed)
   * @throws IllegalArgumentException if the type is not simple
   * @throws FrameDecodingException if the username length or the username runs past the end
   */
  public static String password(ByteBuf auth) {
    int usernameOffset = usernameOffset(auth);
    int base = auth.readerIndex();
    int passwordOffset = usernameOffset + auth.getUnsignedShort(base + usernameOffset - 2);
    return auth.toString(base + passwordOffset, auth.readableBytes() - passwordOffset,
        StandardCharsets.UTF_8);
  }

  /**
   * The token of bearer authentication: the whole payload.
   *
   * @param auth authentication metadata of type {@link WellKnownAuthType#BEARER} (borrowed)
   * @throws IllegalArgumentException if the type is not bearer
   * @throws FrameDecodingException if the metadata is empty or its auth type runs past the end
   */
  public static String bearerToken(ByteBuf auth) {
    int payloadOffset = requireType(auth, WellKnownAuthType.BEARER);
    return auth.toString(auth.readerIndex() + payloadOffset, auth.readableBytes() - payloadOffset,
        StandardCharsets.UTF_8);
  }

  /** Checks the simple payload and returns the offset of the username. */
  private static int usernameOffset(ByteBuf auth) {
    int payloadOffset = requireType(auth, WellKnownAuthType.SIMPLE);
    int length = auth.readableBytes();
    int available = length - payloadOffset;
    if (available < 2) {
      throw malformed(String.format(
          "simple auth payload at offset %d: username length field runs past the end "
              + "(expected: 2 bytes, available: %d)", payloadOffset, available));
    }
    int usernameLength = auth.getUnsignedShort(auth.readerIndex() + payloadOffset);
    available -= 2;
    if (usernameLength > available) {
      throw malformed(String.format(
          "simple auth payload at offset %d: username length %d runs past the end "
              + "(expected: <= %d)", payloadOffset, usernameLength, available));
    }
    return payloadOffset + 2;
  }

  private static int requireType(ByteBuf auth, WellKnownAuthType expected) {
    int payloadOffset = payloadOffset(auth);
    WellKnownAuthType type = wellKnownType(auth);
    if (type != expected) {
      String actual = authType(auth);
      throw new IllegalArgumentException("auth type: "
          + (actual != null ? actual : "unassigned ID " + authTypeId(auth))
          + " (expected: " + expected.string() + ")");
    }
    return payloadOffset;
  }

  /** Checks the auth type field and returns the offset of the payload. */
  private static int payloadOffset(ByteBuf auth) {
    int length = auth.readableBytes();
    if (length < 1) {
      throw malformed("auth type field at offset 0 runs past the end "
          + "(expected: 1 byte, available: 0)");
    }
    int header = auth.getUnsignedByte(auth.readerIndex());
    if ((header & TypeField.WELL_KNOWN) != 0) {
      return 1;
    }
    int typeLength = (header & 0x7F) + 1;
    if (typeLength > length - 1) {
      throw malformed(String.format(
          "auth type length %d at offset 0 runs past the end (expected: <= %d)",
          typeLength, length - 1));
    }
    return 1 + typeLength;
  }

  private static ByteBuf slice(ByteBuf buf, int offset, int length) {
    return length == 0 ? Unpooled.EMPTY_BUFFER : buf.slice(buf.readerIndex() + offset, length);
  }

  private static FrameDecodingException malformed(String detail) {
    return new FrameDecodingException("auth metadata: " + detail, null, 0, false);
  }
}

package dev.duplex.rsocket.frame;

import org.jspecify.annotations.Nullable;

/**
 * The error codes of the ERROR frame (checklist #143).
 *
 * <p>Codes in {@code 0x00000301}–{@code 0xFFFFFFFE} are defined by applications and have no
 * constant here; {@link #isApplicationDefined(int)} tells them apart. The connection-level codes are
 * only legal on stream 0, the stream-level codes only on a stream (checklist #145).
 */
public enum ErrorCode {
  /** The SETUP frame is invalid for the server. */
  INVALID_SETUP(0x0000_0001, true),
  /** Some SETUP parameters are not supported. */
  UNSUPPORTED_SETUP(0x0000_0002, true),
  /** The server refused the SETUP; the reason is in the error data. */
  REJECTED_SETUP(0x0000_0003, true),
  /** The server refused to resume; the client must not try again. */
  REJECTED_RESUME(0x0000_0004, true),
  /** The connection is being terminated. */
  CONNECTION_ERROR(0x0000_0101, true),
  /** The connection is being closed once outstanding streams finish. */
  CONNECTION_CLOSE(0x0000_0102, true),
  /** The application failed the stream. */
  APPLICATION_ERROR(0x0000_0201, false),
  /** The responder did not process the request; it is safe to retry. */
  REJECTED(0x0000_0202, false),
  /** The responder canceled the request, perhaps after side effects. */
  CANCELED(0x0000_0203, false),
  /** The request is invalid. */
  INVALID(0x0000_0204, false);

  /** The lowest application-defined code. */
  public static final int MIN_APPLICATION_DEFINED = 0x0000_0301;
  /** The highest application-defined code; {@code 0xFFFFFFFF} is reserved for extension. */
  public static final int MAX_APPLICATION_DEFINED = 0xFFFF_FFFE;

  private final int code;
  private final boolean connectionLevel;

  ErrorCode(int code, boolean connectionLevel) {
    this.code = code;
    this.connectionLevel = connectionLevel;
  }

  /** The 32-bit code on the wire. */
  public int code() {
    return code;
  }

  /** Whether this code belongs on stream 0 and ends the connection. */
  public boolean isConnectionLevel() {
    return connectionLevel;
  }

  /** The named code with this value, or {@code null} for application-defined and reserved codes. */
  public static @Nullable ErrorCode fromCode(int code) {
    return switch (code) {
      case 0x0000_0001 -> INVALID_SETUP;
      case 0x0000_0002 -> UNSUPPORTED_SETUP;
      case 0x0000_0003 -> REJECTED_SETUP;
      case 0x0000_0004 -> REJECTED_RESUME;
      case 0x0000_0101 -> CONNECTION_ERROR;
      case 0x0000_0102 -> CONNECTION_CLOSE;
      case 0x0000_0201 -> APPLICATION_ERROR;
      case 0x0000_0202 -> REJECTED;
      case 0x0000_0203 -> CANCELED;
      case 0x0000_0204 -> INVALID;
      default -> null;
    };
  }

  /** Whether {@code code} is in the application-defined range {@code 0x301}–{@code 0xFFFFFFFE}. */
  public static boolean isApplicationDefined(int code) {
    return Integer.compareUnsigned(code, MIN_APPLICATION_DEFINED) >= 0
        && Integer.compareUnsigned(code, MAX_APPLICATION_DEFINED) <= 0;
  }

  /** The code as the spec writes it, {@code 0x00000201}. */
  public static String toHex(int code) {
    return String.format("0x%08X", code);
  }
}

package dev.duplex.rsocket.error;

import dev.duplex.rsocket.frame.ErrorCode;
import org.jspecify.annotations.Nullable;

/**
 * An application-defined error, with a code in {@code 0x00000301}–{@code 0xFFFFFFFE}, passed through
 * unchanged (checklist #146).
 */
public class CustomRSocketException extends RSocketErrorException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the error.
   *
   * @param errorCode a code in {@code 0x00000301}–{@code 0xFFFFFFFE}
   * @param message the message that travels in the ERROR frame
   * @throws IllegalArgumentException if the code is outside the application-defined range
   */
  public CustomRSocketException(int errorCode, String message) {
    this(errorCode, message, null);
  }

  /** Creates the error with a local cause (the cause does not travel). */
  public CustomRSocketException(int errorCode, String message, @Nullable Throwable cause) {
    super(checkCode(errorCode), message, cause);
  }

  private static int checkCode(int errorCode) {
    if (!ErrorCode.isApplicationDefined(errorCode)) {
      throw new IllegalArgumentException("errorCode: " + ErrorCode.toHex(errorCode)
          + " (expected: 0x00000301..0xFFFFFFFE; use the subclass for a named code)");
    }
    return errorCode;
  }
}

package dev.duplex.rsocket.error;

import dev.duplex.rsocket.frame.ErrorCode;
import org.jspecify.annotations.Nullable;

/** INVALID: the request is invalid. */
public final class InvalidException extends RSocketErrorException {

  private static final long serialVersionUID = 1L;

  /** Creates the error with the message that travels in the ERROR frame. */
  public InvalidException(String message) {
    this(message, null);
  }

  /** Creates the error with a local cause (the cause does not travel). */
  public InvalidException(String message, @Nullable Throwable cause) {
    super(ErrorCode.INVALID.code(), message, cause);
  }
}

package dev.duplex.rsocket.error;

import dev.duplex.rsocket.frame.ErrorCode;
import org.jspecify.annotations.Nullable;

/** INVALID_SETUP: the SETUP frame is invalid for the server, for example a version it does not speak. */
public final class InvalidSetupException extends SetupException {

  private static final long serialVersionUID = 1L;

  /** Creates the error with the message that travels in the ERROR frame. */
  public InvalidSetupException(String message) {
    this(message, null);
  }

  /** Creates the error with a local cause (the cause does not travel). */
  public InvalidSetupException(String message, @Nullable Throwable cause) {
    super(ErrorCode.INVALID_SETUP.code(), message, cause);
  }
}

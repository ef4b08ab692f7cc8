package dev.duplex.rsocket.error;

import dev.duplex.rsocket.frame.ErrorCode;
import org.jspecify.annotations.Nullable;

/** REJECTED_SETUP: the server's application refused the connection; the message says why. */
public final class RejectedSetupException extends SetupException {

  private static final long serialVersionUID = 1L;

  /** Creates the error with the message that travels in the ERROR frame. */
  public RejectedSetupException(String message) {
    this(message, null);
  }

  /** Creates the error with a local cause (the cause does not travel). */
  public RejectedSetupException(String message, @Nullable Throwable cause) {
    super(ErrorCode.REJECTED_SETUP.code(), message, cause);
  }
}

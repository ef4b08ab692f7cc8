package dev.duplex.rsocket.error;

import dev.duplex.rsocket.frame.ErrorCode;
import org.jspecify.annotations.Nullable;

/** UNSUPPORTED_SETUP: some SETUP parameters are not supported. */
public final class UnsupportedSetupException extends SetupException {

  private static final long serialVersionUID = 1L;

  /** Creates the error with the message that travels in the ERROR frame. */
  public UnsupportedSetupException(String message) {
    this(message, null);
  }

  /** Creates the error with a local cause (the cause does not travel). */
  public UnsupportedSetupException(String message, @Nullable Throwable cause) {
    super(ErrorCode.UNSUPPORTED_SETUP.code(), message, cause);
  }
}

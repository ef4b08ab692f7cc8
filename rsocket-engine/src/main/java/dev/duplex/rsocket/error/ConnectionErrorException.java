package dev.duplex.rsocket.error;

import dev.duplex.rsocket.frame.ErrorCode;
import org.jspecify.annotations.Nullable;

/** CONNECTION_ERROR: the connection is being terminated; either side may close at once. */
public final class ConnectionErrorException extends RSocketErrorException {

  private static final long serialVersionUID = 1L;

  /** Creates the error with the message that travels in the ERROR frame. */
  public ConnectionErrorException(String message) {
    this(message, null);
  }

  /** Creates the error with a local cause (the cause does not travel). */
  public ConnectionErrorException(String message, @Nullable Throwable cause) {
    super(ErrorCode.CONNECTION_ERROR.code(), message, cause);
  }
}

package dev.duplex.rsocket.error;

import dev.duplex.rsocket.frame.ErrorCode;
import org.jspecify.annotations.Nullable;

/** CONNECTION_CLOSE: the connection is closing once outstanding streams finish. */
public final class ConnectionCloseException extends RSocketErrorException {

  private static final long serialVersionUID = 1L;

  /** Creates the error with the message that travels in the ERROR frame. */
  public ConnectionCloseException(String message) {
    this(message, null);
  }

  /** Creates the error with a local cause (the cause does not travel). */
  public ConnectionCloseException(String message, @Nullable Throwable cause) {
    super(ErrorCode.CONNECTION_CLOSE.code(), message, cause);
  }
}

package dev.duplex.rsocket.error;

import dev.duplex.rsocket.frame.ErrorCode;
import org.jspecify.annotations.Nullable;

/** REJECTED: the responder did not process the request, so it is safe to retry. */
public final class RejectedException extends RSocketErrorException {

  private static final long serialVersionUID = 1L;

  /** Creates the error with the message that travels in the ERROR frame. */
  public RejectedException(String message) {
    this(message, null);
  }

  /** Creates the error with a local cause (the cause does not travel). */
  public RejectedException(String message, @Nullable Throwable cause) {
    super(ErrorCode.REJECTED.code(), message, cause);
  }
}

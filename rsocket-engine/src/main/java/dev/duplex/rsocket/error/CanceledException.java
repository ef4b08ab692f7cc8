package dev.duplex.rsocket.error;

import dev.duplex.rsocket.frame.ErrorCode;
import org.jspecify.annotations.Nullable;

/** CANCELED: the responder canceled the request, possibly after side effects. */
public final class CanceledException extends RSocketErrorException {

  private static final long serialVersionUID = 1L;

  /** Creates the error with the message that travels in the ERROR frame. */
  public CanceledException(String message) {
    this(message, null);
  }

  /** Creates the error with a local cause (the cause does not travel). */
  public CanceledException(String message, @Nullable Throwable cause) {
    super(ErrorCode.CANCELED.code(), message, cause);
  }
}

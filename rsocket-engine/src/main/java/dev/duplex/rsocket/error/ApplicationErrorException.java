package dev.duplex.rsocket.error;

import dev.duplex.rsocket.frame.ErrorCode;
import org.jspecify.annotations.Nullable;

/** APPLICATION_ERROR: the responder's application failed the stream. */
public final class ApplicationErrorException extends RSocketErrorException {

  private static final long serialVersionUID = 1L;

  /** Creates the error with the message that travels in the ERROR frame. */
  public ApplicationErrorException(String message) {
    this(message, null);
  }

  /** Creates the error with a local cause (the cause does not travel). */
  public ApplicationErrorException(String message, @Nullable Throwable cause) {
    super(ErrorCode.APPLICATION_ERROR.code(), message, cause);
  }
}

package dev.duplex.rsocket.error;

import dev.duplex.rsocket.frame.ErrorCode;
import org.jspecify.annotations.Nullable;

/** REJECTED_RESUME: the server refused to resume the session; the client must not try again. */
public final class RejectedResumeException extends SetupException {

  private static final long serialVersionUID = 1L;

  /** Creates the error with the message that travels in the ERROR frame. */
  public RejectedResumeException(String message) {
    this(message, null);
  }

  /** Creates the error with a local cause (the cause does not travel). */
  public RejectedResumeException(String message, @Nullable Throwable cause) {
    super(ErrorCode.REJECTED_RESUME.code(), message, cause);
  }
}

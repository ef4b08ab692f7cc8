package dev.duplex.rsocket.error;

import org.jspecify.annotations.Nullable;

/**
 * An error that ends connection establishment: INVALID_SETUP, UNSUPPORTED_SETUP, REJECTED_SETUP or
 * REJECTED_RESUME, always on stream 0 (checklist #85).
 */
public abstract class SetupException extends RSocketErrorException {

  private static final long serialVersionUID = 1L;

  SetupException(int errorCode, String message, @Nullable Throwable cause) {
    super(errorCode, message, cause);
  }
}

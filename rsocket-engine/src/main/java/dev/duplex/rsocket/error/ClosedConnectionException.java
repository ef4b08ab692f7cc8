package dev.duplex.rsocket.error;

import org.jspecify.annotations.Nullable;

/**
 * The connection closed while a stream was outstanding. A local condition, never sent in an ERROR
 * frame; the cause, when there is one, says why the connection closed.
 */
public final class ClosedConnectionException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Creates the exception with what closed the connection, if known. */
  public ClosedConnectionException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}

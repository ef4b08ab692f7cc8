package dev.duplex.rsocket.error;

import dev.duplex.rsocket.frame.ErrorCode;
import org.jspecify.annotations.Nullable;

/**
 * An error that travels in an ERROR frame: a 32-bit error code and a message.
 *
 * <p>Each named code has its own subclass; {@link CustomRSocketException} carries
 * application-defined codes. {@link #from(int, String)} turns a received ERROR frame into the
 * matching exception.
 */
public class RSocketErrorException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int errorCode;

  /**
   * Creates an error with any code, including reserved ones a peer might send.
   *
   * @param errorCode the code on the wire
   * @param message the error data, as UTF-8 text
   */
  public RSocketErrorException(int errorCode, String message) {
    this(errorCode, message, null);
  }

  /**
   * Creates an error with any code and a local cause (the cause does not travel).
   *
   * @param errorCode the code on the wire
   * @param message the error data, as UTF-8 text
   * @param cause the local cause, or {@code null}
   */
  public RSocketErrorException(int errorCode, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.errorCode = errorCode;
  }

  /** The code on the wire. */
  public int errorCode() {
    return errorCode;
  }

  @Override
  public String toString() {
    ErrorCode named = ErrorCode.fromCode(errorCode);
    String code = named != null ? named.name() : ErrorCode.toHex(errorCode);
    return getClass().getName() + " (" + code + "): " + getMessage();
  }

  /**
   * The exception for an ERROR frame with this code: the subclass for a named code,
   * {@link CustomRSocketException} for an application-defined one, and this class for reserved
   * codes a peer should not have sent.
   */
  public static RSocketErrorException from(int errorCode, String message) {
    ErrorCode named = ErrorCode.fromCode(errorCode);
    if (named == null) {
      return ErrorCode.isApplicationDefined(errorCode)
          ? new CustomRSocketException(errorCode, message)
          : new RSocketErrorException(errorCode, message);
    }
    return switch (named) {
      case INVALID_SETUP -> new InvalidSetupException(message);
      case UNSUPPORTED_SETUP -> new UnsupportedSetupException(message);
      case REJECTED_SETUP -> new RejectedSetupException(message);
      case REJECTED_RESUME -> new RejectedResumeException(message);
      case CONNECTION_ERROR -> new ConnectionErrorException(message);
      case CONNECTION_CLOSE -> new ConnectionCloseException(message);
      case APPLICATION_ERROR -> new ApplicationErrorException(message);
      case REJECTED -> new RejectedException(message);
      case CANCELED -> new CanceledException(message);
      case INVALID -> new InvalidException(message);
    };
  }
}

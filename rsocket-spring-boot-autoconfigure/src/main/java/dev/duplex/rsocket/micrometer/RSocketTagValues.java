package dev.duplex.rsocket.micrometer;

import dev.duplex.rsocket.frame.ErrorCode;
import dev.duplex.rsocket.frame.FrameType;
import java.util.Locale;

/**
 * The tag values that the connection meters and the request observations share, so one
 * {@code rsocket.interaction} or {@code rsocket.error.code} means the same in both. Needs no
 * Micrometer class.
 */
public final class RSocketTagValues {

  private RSocketTagValues() {
  }

  /**
   * The {@code rsocket.interaction} value of a request frame type: {@code request-response},
   * {@code fire-and-forget}, {@code request-stream}, {@code request-channel} or
   * {@code metadata-push}.
   *
   * @throws IllegalArgumentException if {@code type} does not start a request
   */
  public static String interaction(FrameType type) {
    return switch (type) {
      case REQUEST_RESPONSE -> "request-response";
      case REQUEST_FNF -> "fire-and-forget";
      case REQUEST_STREAM -> "request-stream";
      case REQUEST_CHANNEL -> "request-channel";
      case METADATA_PUSH -> "metadata-push";
      default -> throw new IllegalArgumentException("interaction: " + type + " (expected: "
          + "REQUEST_RESPONSE, REQUEST_FNF, REQUEST_STREAM, REQUEST_CHANNEL or METADATA_PUSH)");
    };
  }

  /** The {@code rsocket.frame.type} value of a frame type: its name in lower case, with hyphens. */
  public static String frameType(FrameType type) {
    return type.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The {@code rsocket.error.code} value of an RSocket error code, such as {@code 0x00000003}. */
  public static String errorCode(int code) {
    return ErrorCode.toHex(code);
  }
}

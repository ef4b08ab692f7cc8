package dev.duplex.rsocket.messaging.observation;

import dev.duplex.rsocket.frame.FrameType;
import dev.duplex.rsocket.micrometer.RSocketTagValues;
import dev.duplex.rsocket.messaging.observation.RSocketObservationDocumentation.LowCardinalityKeyNames;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.transport.Kind;
import org.jspecify.annotations.Nullable;

/** What the requester and responder observations share: interaction names and outcomes. */
final class RSocketInteractions {

  static final KeyValue OUTCOME_SUCCESS = KeyValue.of(LowCardinalityKeyNames.OUTCOME, "SUCCESS");

  static final KeyValue OUTCOME_ERROR = KeyValue.of(LowCardinalityKeyNames.OUTCOME, "ERROR");

  static final KeyValue OUTCOME_CANCELED = KeyValue.of(LowCardinalityKeyNames.OUTCOME, "CANCELED");

  static final KeyValue OUTCOME_UNKNOWN = KeyValue.of(LowCardinalityKeyNames.OUTCOME, "UNKNOWN");

  static final KeyValue ERROR_CODE_NONE =
      KeyValue.of(LowCardinalityKeyNames.ERROR_CODE, KeyValue.NONE_VALUE);

  static final KeyValue ROUTE_NONE = KeyValue.of(LowCardinalityKeyNames.ROUTE, KeyValue.NONE_VALUE);

  private static final KeyValue REQUEST_RESPONSE = interactionValue(FrameType.REQUEST_RESPONSE);

  private static final KeyValue FIRE_AND_FORGET = interactionValue(FrameType.REQUEST_FNF);

  private static final KeyValue REQUEST_STREAM = interactionValue(FrameType.REQUEST_STREAM);

  private static final KeyValue REQUEST_CHANNEL = interactionValue(FrameType.REQUEST_CHANNEL);

  private static final KeyValue METADATA_PUSH = interactionValue(FrameType.METADATA_PUSH);

  private RSocketInteractions() {
  }

  private static KeyValue interactionValue(FrameType frameType) {
    return KeyValue.of(LowCardinalityKeyNames.INTERACTION,
        RSocketTagValues.interaction(frameType));
  }

  /**
   * The {@code rsocket.interaction} key value of {@code frameType}.
   *
   * @throws IllegalArgumentException if {@code frameType} does not start a request
   */
  static KeyValue interaction(FrameType frameType) {
    return switch (frameType) {
      case REQUEST_RESPONSE -> REQUEST_RESPONSE;
      case REQUEST_FNF -> FIRE_AND_FORGET;
      case REQUEST_STREAM -> REQUEST_STREAM;
      case REQUEST_CHANNEL -> REQUEST_CHANNEL;
      case METADATA_PUSH -> METADATA_PUSH;
      default -> throw new IllegalArgumentException("interaction: " + frameType + " (expected: "
          + "REQUEST_RESPONSE, REQUEST_FNF, REQUEST_STREAM, REQUEST_CHANNEL or METADATA_PUSH)");
    };
  }

  /** Whether a response comes back for {@code frameType}, which must start a request. */
  private static boolean hasResponse(FrameType frameType) {
    interaction(frameType);
    return frameType != FrameType.REQUEST_FNF && frameType != FrameType.METADATA_PUSH;
  }

  static Kind senderKind(FrameType frameType) {
    return hasResponse(frameType) ? Kind.CLIENT : Kind.PRODUCER;
  }

  static Kind receiverKind(FrameType frameType) {
    return hasResponse(frameType) ? Kind.SERVER : Kind.CONSUMER;
  }

  /** How a request ended; {@code UNKNOWN} while it is in flight. */
  static KeyValue outcome(boolean canceled, @Nullable Throwable error, boolean completed) {
    if (canceled) {
      return OUTCOME_CANCELED;
    }
    if (error != null) {
      return OUTCOME_ERROR;
    }
    return completed ? OUTCOME_SUCCESS : OUTCOME_UNKNOWN;
  }

  static KeyValue errorCode(int code) {
    return KeyValue.of(LowCardinalityKeyNames.ERROR_CODE, RSocketTagValues.errorCode(code));
  }
}

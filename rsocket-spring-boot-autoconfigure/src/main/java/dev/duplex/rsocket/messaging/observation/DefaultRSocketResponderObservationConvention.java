package dev.duplex.rsocket.messaging.observation;

import dev.duplex.rsocket.error.RSocketErrorException;
import dev.duplex.rsocket.frame.ErrorCode;
import dev.duplex.rsocket.messaging.observation.RSocketObservationDocumentation.HighCardinalityKeyNames;
import dev.duplex.rsocket.messaging.observation.RSocketObservationDocumentation.LowCardinalityKeyNames;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import org.springframework.util.StringUtils;

/**
 * The default {@link RSocketResponderObservationConvention}: named
 * {@code rsocket.responder.requests}, tagged with the interaction, the matched route pattern, the
 * outcome and the error code (see {@link RSocketObservationDocumentation}).
 *
 * <p>The route is the pattern of the {@code @MessageMapping} (or {@code @ConnectMapping}) handler
 * that matched, such as {@code hello.{lang}}, and {@code UNKNOWN} when none matched, so that
 * routes a client makes up do not add tag values. The error code is the one the failure travels
 * with in an ERROR frame: the code of an {@link RSocketErrorException} with a stream-level or
 * application-defined code, {@code APPLICATION_ERROR} ({@code 0x00000201}) otherwise; for
 * fire-and-forget and metadata push, which have no ERROR frame, the code it would have.
 */
public class DefaultRSocketResponderObservationConvention
    implements RSocketResponderObservationConvention {

  private static final String DEFAULT_NAME = "rsocket.responder.requests";

  private static final KeyValue ROUTE_UNKNOWN =
      KeyValue.of(LowCardinalityKeyNames.ROUTE, "UNKNOWN");

  private static final KeyValue ROUTE_ACTUAL_NONE =
      KeyValue.of(HighCardinalityKeyNames.ROUTE_ACTUAL, KeyValue.NONE_VALUE);

  private final String name;

  /** A convention with the default name {@code rsocket.responder.requests}. */
  public DefaultRSocketResponderObservationConvention() {
    this(DEFAULT_NAME);
  }

  /** A convention with a custom observation name. */
  public DefaultRSocketResponderObservationConvention(String name) {
    this.name = name;
  }

  @Override
  public String getName() {
    return this.name;
  }

  /** The interaction and the matched pattern, such as {@code request-response hello.{lang}}. */
  @Override
  public String getContextualName(RSocketResponderObservationContext context) {
    String interaction = interaction(context).getValue();
    String pattern = context.getRoutePattern();
    return StringUtils.hasLength(pattern) ? interaction + " " + pattern : interaction;
  }

  @Override
  public KeyValues getLowCardinalityKeyValues(RSocketResponderObservationContext context) {
    // already sorted by key name, for better performance
    return KeyValues.of(outcome(context), errorCode(context), interaction(context), route(context));
  }

  @Override
  public KeyValues getHighCardinalityKeyValues(RSocketResponderObservationContext context) {
    return KeyValues.of(dataMimeType(context), routeActual(context));
  }

  protected KeyValue interaction(RSocketResponderObservationContext context) {
    return RSocketInteractions.interaction(context.getInteraction());
  }

  protected KeyValue route(RSocketResponderObservationContext context) {
    String pattern = context.getRoutePattern();
    if (StringUtils.hasLength(pattern)) {
      return KeyValue.of(LowCardinalityKeyNames.ROUTE, pattern);
    }
    return StringUtils.hasLength(context.getRoute())
        ? ROUTE_UNKNOWN : RSocketInteractions.ROUTE_NONE;
  }

  protected KeyValue outcome(RSocketResponderObservationContext context) {
    return RSocketInteractions.outcome(
        context.isCanceled(), context.getError(), context.isCompleted());
  }

  /** The code of the ERROR frame the failure is sent with, or {@code none} without a failure. */
  protected KeyValue errorCode(RSocketResponderObservationContext context) {
    Throwable error = context.getError();
    if (error == null) {
      return RSocketInteractions.ERROR_CODE_NONE;
    }
    int code = ErrorCode.APPLICATION_ERROR.code();
    if (error instanceof RSocketErrorException rsocketError) {
      ErrorCode named = ErrorCode.fromCode(rsocketError.errorCode());
      boolean streamLevel = named != null
          ? !named.isConnectionLevel() : ErrorCode.isApplicationDefined(rsocketError.errorCode());
      if (streamLevel) {
        code = rsocketError.errorCode();
      }
    }
    return RSocketInteractions.errorCode(code);
  }

  protected KeyValue routeActual(RSocketResponderObservationContext context) {
    String route = context.getRoute();
    return StringUtils.hasLength(route)
        ? KeyValue.of(HighCardinalityKeyNames.ROUTE_ACTUAL, route) : ROUTE_ACTUAL_NONE;
  }

  protected KeyValue dataMimeType(RSocketResponderObservationContext context) {
    return KeyValue.of(
        HighCardinalityKeyNames.DATA_MIME_TYPE, context.getDataMimeType().toString());
  }
}

package dev.duplex.rsocket.messaging.observation;

import dev.duplex.rsocket.error.RSocketErrorException;
import dev.duplex.rsocket.messaging.observation.RSocketObservationDocumentation.HighCardinalityKeyNames;
import dev.duplex.rsocket.messaging.observation.RSocketObservationDocumentation.LowCardinalityKeyNames;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import org.springframework.util.StringUtils;

/**
 * The default {@link RSocketRequesterObservationConvention}: named
 * {@code rsocket.requester.requests}, tagged with the interaction, the route template, the
 * outcome and the error code of an ERROR frame received (see
 * {@link RSocketObservationDocumentation}).
 *
 * <p>The route is the template as given to {@code route(template, vars)}, never the expanded
 * route, so that its cardinality stays bounded; the expanded route is the high-cardinality
 * {@code rsocket.route.actual}. A local failure (an encoding error, a lost connection) has error
 * code {@code none}.
 */
public class DefaultRSocketRequesterObservationConvention
    implements RSocketRequesterObservationConvention {

  private static final String DEFAULT_NAME = "rsocket.requester.requests";

  private static final KeyValue ROUTE_ACTUAL_NONE =
      KeyValue.of(HighCardinalityKeyNames.ROUTE_ACTUAL, KeyValue.NONE_VALUE);

  private final String name;

  /** A convention with the default name {@code rsocket.requester.requests}. */
  public DefaultRSocketRequesterObservationConvention() {
    this(DEFAULT_NAME);
  }

  /** A convention with a custom observation name. */
  public DefaultRSocketRequesterObservationConvention(String name) {
    this.name = name;
  }

  @Override
  public String getName() {
    return this.name;
  }

  /** The interaction and the route template, such as {@code request-response hello.{lang}}. */
  @Override
  public String getContextualName(RSocketRequesterObservationContext context) {
    String interaction = interaction(context).getValue();
    String route = context.getRouteTemplate();
    return StringUtils.hasLength(route) ? interaction + " " + route : interaction;
  }

  @Override
  public KeyValues getLowCardinalityKeyValues(RSocketRequesterObservationContext context) {
    // already sorted by key name, for better performance
    return KeyValues.of(outcome(context), errorCode(context), interaction(context), route(context));
  }

  @Override
  public KeyValues getHighCardinalityKeyValues(RSocketRequesterObservationContext context) {
    return KeyValues.of(dataMimeType(context), routeActual(context));
  }

  protected KeyValue interaction(RSocketRequesterObservationContext context) {
    return RSocketInteractions.interaction(context.getInteraction());
  }

  protected KeyValue route(RSocketRequesterObservationContext context) {
    String template = context.getRouteTemplate();
    return StringUtils.hasLength(template)
        ? KeyValue.of(LowCardinalityKeyNames.ROUTE, template) : RSocketInteractions.ROUTE_NONE;
  }

  protected KeyValue outcome(RSocketRequesterObservationContext context) {
    return RSocketInteractions.outcome(
        context.isCanceled(), context.getError(), context.isCompleted());
  }

  /** The code of the ERROR frame the request failed with, or {@code none}. */
  protected KeyValue errorCode(RSocketRequesterObservationContext context) {
    return context.getError() instanceof RSocketErrorException error
        ? RSocketInteractions.errorCode(error.errorCode()) : RSocketInteractions.ERROR_CODE_NONE;
  }

  protected KeyValue routeActual(RSocketRequesterObservationContext context) {
    String route = context.getRoute();
    return StringUtils.hasLength(route)
        ? KeyValue.of(HighCardinalityKeyNames.ROUTE_ACTUAL, route) : ROUTE_ACTUAL_NONE;
  }

  protected KeyValue dataMimeType(RSocketRequesterObservationContext context) {
    return KeyValue.of(
        HighCardinalityKeyNames.DATA_MIME_TYPE, context.getDataMimeType().toString());
  }
}

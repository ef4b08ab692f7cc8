package dev.duplex.rsocket.messaging.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * An {@link ObservationConvention} for the
 * {@link RSocketObservationDocumentation#RSOCKET_REQUESTER_REQUESTS requester observation} of
 * RSocket requests; implement it, or extend {@link DefaultRSocketRequesterObservationConvention},
 * to change the name or the key values.
 */
public interface RSocketRequesterObservationConvention
    extends ObservationConvention<RSocketRequesterObservationContext> {

  @Override
  default boolean supportsContext(Observation.Context context) {
    return context instanceof RSocketRequesterObservationContext;
  }
}

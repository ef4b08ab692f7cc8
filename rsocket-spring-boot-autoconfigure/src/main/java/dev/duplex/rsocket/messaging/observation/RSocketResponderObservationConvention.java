package dev.duplex.rsocket.messaging.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * An {@link ObservationConvention} for the
 * {@link RSocketObservationDocumentation#RSOCKET_RESPONDER_REQUESTS responder observation} of
 * RSocket requests; implement it, or extend {@link DefaultRSocketResponderObservationConvention},
 * to change the name or the key values.
 */
public interface RSocketResponderObservationConvention
    extends ObservationConvention<RSocketResponderObservationContext> {

  @Override
  default boolean supportsContext(Observation.Context context) {
    return context instanceof RSocketResponderObservationContext;
  }
}

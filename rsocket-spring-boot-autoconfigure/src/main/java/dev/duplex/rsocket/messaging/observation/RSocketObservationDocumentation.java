package dev.duplex.rsocket.messaging.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations of RSocket requests, with their {@link io.micrometer.common.KeyValue KeyValue}
 * names, for automated documentation.
 *
 * <p>Low-cardinality keys, on both sides:
 * <ul>
 *   <li>{@code rsocket.interaction}: {@code request-response}, {@code fire-and-forget},
 *       {@code request-stream}, {@code request-channel} or {@code metadata-push};
 *   <li>{@code rsocket.route}: on the requester the route template as given to
 *       {@code route(template, vars)}, on the responder the matched {@code @MessageMapping}
 *       pattern or {@code UNKNOWN} when no handler matched; {@code none} without a route;
 *   <li>{@code outcome}: {@code SUCCESS}, {@code ERROR} or {@code CANCELED}, and {@code UNKNOWN}
 *       while the request is in flight (as an observation handler sees it when it starts);
 *   <li>{@code rsocket.error.code}: the RSocket error code as hex ({@code 0x00000201}), or
 *       {@code none}.
 * </ul>
 * High-cardinality keys: {@code rsocket.route.actual} (the route as sent, variables expanded) and
 * {@code rsocket.data.mime-type} (the connection's data MIME type, which a client chooses).
 */
public enum RSocketObservationDocumentation implements ObservationDocumentation {

  /** The requests a requester sends: {@code rsocket.requester.requests} by default. */
  RSOCKET_REQUESTER_REQUESTS {
    @Override
    public Class<? extends ObservationConvention<? extends Observation.Context>>
        getDefaultConvention() {
      return DefaultRSocketRequesterObservationConvention.class;
    }

    @Override
    public KeyName[] getLowCardinalityKeyNames() {
      return LowCardinalityKeyNames.values();
    }

    @Override
    public KeyName[] getHighCardinalityKeyNames() {
      return HighCardinalityKeyNames.values();
    }
  },

  /** The requests a responder handles: {@code rsocket.responder.requests} by default. */
  RSOCKET_RESPONDER_REQUESTS {
    @Override
    public Class<? extends ObservationConvention<? extends Observation.Context>>
        getDefaultConvention() {
      return DefaultRSocketResponderObservationConvention.class;
    }

    @Override
    public KeyName[] getLowCardinalityKeyNames() {
      return LowCardinalityKeyNames.values();
    }

    @Override
    public KeyName[] getHighCardinalityKeyNames() {
      return HighCardinalityKeyNames.values();
    }
  };

  /** Keys with a bounded set of values, fit for metric tags. */
  public enum LowCardinalityKeyNames implements KeyName {

    /** The interaction model, named as in the RSocket protocol. */
    INTERACTION {
      @Override
      public String asString() {
        return "rsocket.interaction";
      }
    },

    /**
     * The route: the template on the requester, the matched pattern on the responder
     * ({@code UNKNOWN} when no handler matched), {@value io.micrometer.common.KeyValue#NONE_VALUE}
     * without a route.
     */
    ROUTE {
      @Override
      public String asString() {
        return "rsocket.route";
      }
    },

    /**
     * How the request ended: {@code SUCCESS}, {@code ERROR} or {@code CANCELED}; {@code UNKNOWN}
     * while it is in flight.
     */
    OUTCOME {
      @Override
      public String asString() {
        return "outcome";
      }
    },

    /**
     * The RSocket error code of a failed request as hex, such as {@code 0x00000201}, or
     * {@value io.micrometer.common.KeyValue#NONE_VALUE}.
     */
    ERROR_CODE {
      @Override
      public String asString() {
        return "rsocket.error.code";
      }
    }
  }

  /** Keys whose values are not bounded, for traces only. */
  public enum HighCardinalityKeyNames implements KeyName {

    /** The route as sent, with its variables expanded. */
    ROUTE_ACTUAL {
      @Override
      public String asString() {
        return "rsocket.route.actual";
      }
    },

    /** The data MIME type of the connection. */
    DATA_MIME_TYPE {
      @Override
      public String asString() {
        return "rsocket.data.mime-type";
      }
    }
  }
}

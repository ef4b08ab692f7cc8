package dev.duplex.rsocket.messaging.observation;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** Collects the context of each observation when it stops, in order. */
final class StoppedObservations implements ObservationHandler<Observation.Context> {

  private final BlockingQueue<Observation.Context> stopped = new LinkedBlockingQueue<>();

  @Override
  public void onStop(Observation.Context context) {
    this.stopped.add(context);
  }

  @Override
  public boolean supportsContext(Observation.Context context) {
    return true;
  }

  /** The next observation to stop, waiting up to 5 seconds for it. */
  Observation.Context next() throws InterruptedException {
    Observation.Context context = this.stopped.poll(5, TimeUnit.SECONDS);
    assertThat(context).as("an observation stopped within 5 seconds").isNotNull();
    return context;
  }

  /** Whether no other observation stopped. */
  boolean isEmpty() {
    return this.stopped.isEmpty();
  }

  static Map<String, String> lowCardinality(Observation.Context context) {
    return context.getLowCardinalityKeyValues().stream()
        .collect(Collectors.toMap(KeyValue::getKey, KeyValue::getValue));
  }

  static Map<String, String> highCardinality(Observation.Context context) {
    return context.getHighCardinalityKeyValues().stream()
        .collect(Collectors.toMap(KeyValue::getKey, KeyValue::getValue));
  }
}

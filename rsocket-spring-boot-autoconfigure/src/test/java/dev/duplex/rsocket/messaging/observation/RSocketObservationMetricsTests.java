package dev.duplex.rsocket.messaging.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.duplex.rsocket.error.ApplicationErrorException;
import dev.duplex.rsocket.messaging.RSocketRequester;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/**
 * The timers that observations make with a {@link SimpleMeterRegistry} and Micrometer's
 * {@link DefaultMeterObservationHandler}: after a known mix of requests over TCP (each interaction,
 * one handler error, one cancel, one unknown route), {@code rsocket.requester.requests} and
 * {@code rsocket.responder.requests} have exactly the expected tags and counts.
 */
class RSocketObservationMetricsTests {

  private static final Duration TIMEOUT = ObservedConnection.TIMEOUT;

  private final SimpleMeterRegistry meterRegistry = new SimpleMeterRegistry();

  @Test
  void timersHaveTheExpectedCountsAndTags() throws InterruptedException {
    ObservationRegistry observationRegistry = ObservationRegistry.create();
    observationRegistry.observationConfig()
        .observationHandler(new DefaultMeterObservationHandler(this.meterRegistry));
    ObservedController controller = new ObservedController();
    try (ObservedConnection connection =
        new ObservedConnection(controller, observationRegistry, observationRegistry)) {
      sendTheMix(connection.requester);
      assertThat(controller.infiniteCanceled.await(5, TimeUnit.SECONDS)).isTrue();

      Awaitility.await().atMost(TIMEOUT).untilAsserted(() -> {
        assertThat(totalCount("rsocket.requester.requests")).isEqualTo(9);
        assertThat(totalCount("rsocket.responder.requests")).isEqualTo(9);
      });
    }

    // interaction | route | outcome | error code | exception
    assertThat(timers("rsocket.requester.requests")).isEqualTo(new TreeMap<>(Map.of(
        "request-response|hello.{lang}|SUCCESS|none|none", 2L,
        "fire-and-forget|fnf|SUCCESS|none|none", 1L,
        "request-stream|numbers|SUCCESS|none|none", 1L,
        "request-channel|upper|SUCCESS|none|none", 1L,
        "metadata-push|push|SUCCESS|none|none", 1L,
        "request-response|fail|ERROR|0x00000201|ApplicationErrorException", 1L,
        "request-stream|infinite|CANCELED|none|none", 1L,
        "request-response|nope.{id}|ERROR|0x00000201|ApplicationErrorException", 1L)));
    assertThat(timers("rsocket.responder.requests")).isEqualTo(new TreeMap<>(Map.of(
        "request-response|hello.{lang}|SUCCESS|none|none", 2L,
        "fire-and-forget|fnf|SUCCESS|none|none", 1L,
        "request-stream|numbers|SUCCESS|none|none", 1L,
        "request-channel|upper|SUCCESS|none|none", 1L,
        "metadata-push|push|SUCCESS|none|none", 1L,
        "request-response|fail|ERROR|0x00000201|IllegalStateException", 1L,
        "request-stream|infinite|CANCELED|none|none", 1L,
        "request-response|UNKNOWN|ERROR|0x00000201|MessageDeliveryException", 1L)));

    assertThat(this.meterRegistry.find("rsocket.requester.requests.active").longTaskTimers())
        .isNotEmpty().allSatisfy(timer -> assertThat(timer.activeTasks()).isZero());
    assertThat(this.meterRegistry.find("rsocket.responder.requests.active").longTaskTimers())
        .isNotEmpty().allSatisfy(timer -> assertThat(timer.activeTasks()).isZero());
    assertThat(this.meterRegistry.getMeters())
        .allSatisfy(meter -> assertThat(meter).isInstanceOfAny(Timer.class, LongTaskTimer.class));
  }

  private void sendTheMix(RSocketRequester requester) {
    requester.route("hello.{lang}", "en").data("Ann").retrieveMono(String.class).block(TIMEOUT);
    requester.route("hello.{lang}", "fr").data("Bo").retrieveMono(String.class).block(TIMEOUT);
    requester.route("fnf").data("note").send().block(TIMEOUT);
    requester.route("numbers").data("n").retrieveFlux(String.class).blockLast(TIMEOUT);
    requester.route("upper").data(Flux.just("a", "b"), String.class)
        .retrieveFlux(String.class).blockLast(TIMEOUT);
    requester.route("push").sendMetadata().block(TIMEOUT);
    assertThatExceptionOfType(ApplicationErrorException.class).isThrownBy(() ->
        requester.route("fail").data("x").retrieveMono(String.class).block(TIMEOUT));
    requester.route("infinite").data("first").retrieveFlux(String.class).take(1)
        .blockLast(TIMEOUT);
    assertThatExceptionOfType(ApplicationErrorException.class).isThrownBy(() ->
        requester.route("nope.{id}", 7).data("x").retrieveMono(String.class).block(TIMEOUT));
  }

  private long totalCount(String name) {
    return this.meterRegistry.find(name).timers().stream().mapToLong(Timer::count).sum();
  }

  /** The timers named {@code name}, by their tags, with their counts. */
  private Map<String, Long> timers(String name) {
    return this.meterRegistry.find(name).timers().stream()
        .collect(Collectors.toMap(RSocketObservationMetricsTests::tags, Timer::count,
            Long::sum, TreeMap::new));
  }

  private static String tags(Meter timer) {
    Map<String, String> tags = timer.getId().getTags().stream()
        .collect(Collectors.toMap(Tag::getKey, Tag::getValue));
    assertThat(tags).containsOnlyKeys("rsocket.interaction", "rsocket.route", "outcome",
        "rsocket.error.code", "error");
    return String.join("|", tags.get("rsocket.interaction"), tags.get("rsocket.route"),
        tags.get("outcome"), tags.get("rsocket.error.code"), tags.get("error"));
  }
}

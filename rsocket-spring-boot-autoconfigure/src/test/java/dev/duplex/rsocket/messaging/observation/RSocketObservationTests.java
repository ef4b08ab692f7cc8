package dev.duplex.rsocket.messaging.observation;

import static dev.duplex.rsocket.messaging.observation.StoppedObservations.highCardinality;
import static dev.duplex.rsocket.messaging.observation.StoppedObservations.lowCardinality;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.entry;

import dev.duplex.rsocket.error.ApplicationErrorException;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.MimeTypeUtils;
import reactor.core.publisher.Flux;

/**
 * One observation per request on each side, with the expected key values, for each interaction,
 * a handler error, a cancel and an unknown route: our requester and our {@code
 * RSocketMessageHandler} over a real TCP connection, each with a {@link TestObservationRegistry}
 * (which also checks that every observation is started once and stopped once).
 */
class RSocketObservationTests {

  private static final Duration TIMEOUT = ObservedConnection.TIMEOUT;

  private final TestObservationRegistry requesterRegistry = TestObservationRegistry.create();

  private final TestObservationRegistry responderRegistry = TestObservationRegistry.create();

  private final StoppedObservations requesterObservations = new StoppedObservations();

  private final StoppedObservations responderObservations = new StoppedObservations();

  private final ObservedController controller = new ObservedController();

  private ObservedConnection connection;

  @BeforeEach
  void connect() {
    this.requesterRegistry.observationConfig().observationHandler(this.requesterObservations);
    this.responderRegistry.observationConfig().observationHandler(this.responderObservations);
    this.connection =
        new ObservedConnection(this.controller, this.responderRegistry, this.requesterRegistry);
  }

  @AfterEach
  void close() {
    this.connection.close();
  }

  @Test
  void requestResponse() throws InterruptedException {
    String greeting = this.connection.requester.route("hello.{lang}", "fr").data("Ana")
        .retrieveMono(String.class).block(TIMEOUT);
    assertThat(greeting).isEqualTo("Bonjour Ana");

    Observation.Context requester = this.requesterObservations.next();
    assertThat(requester).isInstanceOf(RSocketRequesterObservationContext.class);
    assertThat(requester.getName()).isEqualTo("rsocket.requester.requests");
    assertThat(requester.getContextualName()).isEqualTo("request-response hello.{lang}");
    assertThat(lowCardinality(requester)).containsOnly(
        entry("rsocket.interaction", "request-response"),
        entry("rsocket.route", "hello.{lang}"),
        entry("outcome", "SUCCESS"),
        entry("rsocket.error.code", "none"));
    assertThat(highCardinality(requester)).containsOnly(
        entry("rsocket.route.actual", "hello.fr"),
        entry("rsocket.data.mime-type",
            this.connection.requester.dataMimeType().toString()));

    Observation.Context responder = this.responderObservations.next();
    assertThat(responder).isInstanceOf(RSocketResponderObservationContext.class);
    assertThat(responder.getName()).isEqualTo("rsocket.responder.requests");
    assertThat(responder.getContextualName()).isEqualTo("request-response hello.{lang}");
    assertThat(lowCardinality(responder)).containsOnly(
        entry("rsocket.interaction", "request-response"),
        entry("rsocket.route", "hello.{lang}"),
        entry("outcome", "SUCCESS"),
        entry("rsocket.error.code", "none"));
    assertThat(highCardinality(responder)).containsOnly(
        entry("rsocket.route.actual", "hello.fr"),
        entry("rsocket.data.mime-type",
            this.connection.requester.dataMimeType().toString()));

    Observation inHandler = this.controller.observations.poll(5, TimeUnit.SECONDS);
    assertThat(inHandler).as("the observation in the handler's Reactor context").isNotNull();
    assertThat(inHandler.getContext()).isSameAs(responder);
    assertOnlyOneEach("request-response");
  }

  @Test
  void responseThenCancelByTheSubscriberIsStillSuccess() throws InterruptedException {
    // take(1) cancels its subscription once the value arrives, before the completion
    assertThat(this.connection.requester.route("hello.{lang}", "en").data("Bo")
        .retrieveMono(String.class).flux().take(1).blockLast(TIMEOUT))
        .isEqualTo("Hello Bo");

    assertThat(lowCardinality(this.requesterObservations.next()))
        .containsEntry("outcome", "SUCCESS");
    assertThat(lowCardinality(this.responderObservations.next()))
        .containsEntry("outcome", "SUCCESS");
  }

  @Test
  void requestInFlightHasOutcomeUnknown() throws InterruptedException {
    StartedObservations started = new StartedObservations();
    this.requesterRegistry.observationConfig().observationHandler(started);
    this.responderRegistry.observationConfig().observationHandler(started);

    this.connection.requester.route("hello.{lang}", "en").data("Bo")
        .retrieveMono(String.class).block(TIMEOUT);

    Map<String, String> requester = started.next();
    Map<String, String> responder = started.next();
    assertThat(requester).containsEntry("outcome", "UNKNOWN")
        .containsEntry("rsocket.route", "hello.{lang}");
    // the handler is not matched yet when the responder's observation starts
    assertThat(responder).containsEntry("outcome", "UNKNOWN")
        .containsEntry("rsocket.route", "UNKNOWN");
  }

  @Test
  void fireAndForget() throws InterruptedException {
    this.connection.requester.route("fnf").data("note").send().block(TIMEOUT);

    assertThat(lowCardinality(this.requesterObservations.next())).containsOnly(
        entry("rsocket.interaction", "fire-and-forget"),
        entry("rsocket.route", "fnf"),
        entry("outcome", "SUCCESS"),
        entry("rsocket.error.code", "none"));
    Observation.Context responder = this.responderObservations.next();
    assertThat(lowCardinality(responder)).containsOnly(
        entry("rsocket.interaction", "fire-and-forget"),
        entry("rsocket.route", "fnf"),
        entry("outcome", "SUCCESS"),
        entry("rsocket.error.code", "none"));
    assertThat(this.controller.received.poll(5, TimeUnit.SECONDS)).isEqualTo("note");
    assertOnlyOneEach("fire-and-forget");
  }

  @Test
  void requestStream() throws InterruptedException {
    assertThat(this.connection.requester.route("numbers").data("n")
        .retrieveFlux(String.class).collectList().block(TIMEOUT))
        .containsExactly("n1", "n2", "n3");

    Map<String, String> expected = Map.of(
        "rsocket.interaction", "request-stream",
        "rsocket.route", "numbers",
        "outcome", "SUCCESS",
        "rsocket.error.code", "none");
    assertThat(lowCardinality(this.requesterObservations.next())).isEqualTo(expected);
    assertThat(lowCardinality(this.responderObservations.next())).isEqualTo(expected);
    assertOnlyOneEach("request-stream");
  }

  @Test
  void requestChannel() throws InterruptedException {
    assertThat(this.connection.requester.route("upper").data(Flux.just("a", "b"), String.class)
        .retrieveFlux(String.class).collectList().block(TIMEOUT))
        .containsExactly("A", "B");

    Map<String, String> expected = Map.of(
        "rsocket.interaction", "request-channel",
        "rsocket.route", "upper",
        "outcome", "SUCCESS",
        "rsocket.error.code", "none");
    assertThat(lowCardinality(this.requesterObservations.next())).isEqualTo(expected);
    assertThat(lowCardinality(this.responderObservations.next())).isEqualTo(expected);
    assertOnlyOneEach("request-channel");
  }

  @Test
  void metadataPush() throws InterruptedException {
    this.connection.requester.route("push").sendMetadata().block(TIMEOUT);

    Map<String, String> expected = Map.of(
        "rsocket.interaction", "metadata-push",
        "rsocket.route", "push",
        "outcome", "SUCCESS",
        "rsocket.error.code", "none");
    assertThat(lowCardinality(this.requesterObservations.next())).isEqualTo(expected);
    assertThat(lowCardinality(this.responderObservations.next())).isEqualTo(expected);
    assertThat(this.controller.received.poll(5, TimeUnit.SECONDS)).isEqualTo("push");
    assertOnlyOneEach("metadata-push");
  }

  @Test
  void handlerErrorIsApplicationError() throws InterruptedException {
    assertThatExceptionOfType(ApplicationErrorException.class)
        .isThrownBy(() -> this.connection.requester.route("fail").data("x")
            .retrieveMono(String.class).block(TIMEOUT))
        .withMessage("failed on purpose: x");

    Map<String, String> expected = Map.of(
        "rsocket.interaction", "request-response",
        "rsocket.route", "fail",
        "outcome", "ERROR",
        "rsocket.error.code", "0x00000201");
    Observation.Context requester = this.requesterObservations.next();
    assertThat(lowCardinality(requester)).isEqualTo(expected);
    assertThat(requester.getError()).isInstanceOf(ApplicationErrorException.class);
    Observation.Context responder = this.responderObservations.next();
    assertThat(lowCardinality(responder)).isEqualTo(expected);
    assertThat(responder.getError()).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void cancelOnBothSides() throws InterruptedException {
    assertThat(this.connection.requester.route("infinite").data("first")
        .retrieveFlux(String.class).take(1).collectList().block(TIMEOUT))
        .containsExactly("first");

    Map<String, String> expected = Map.of(
        "rsocket.interaction", "request-stream",
        "rsocket.route", "infinite",
        "outcome", "CANCELED",
        "rsocket.error.code", "none");
    assertThat(lowCardinality(this.requesterObservations.next())).isEqualTo(expected);
    assertThat(this.controller.infiniteCanceled.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(lowCardinality(this.responderObservations.next())).isEqualTo(expected);
  }

  @Test
  void unknownRouteIsUnknownOnTheResponderAndTheTemplateOnTheRequester()
      throws InterruptedException {
    assertThatExceptionOfType(ApplicationErrorException.class)
        .isThrownBy(() -> this.connection.requester.route("nope.{id}", 7).data("x")
            .retrieveMono(String.class).block(TIMEOUT))
        .withMessage("No handler for destination 'nope.7'");

    Observation.Context requester = this.requesterObservations.next();
    assertThat(lowCardinality(requester)).containsOnly(
        entry("rsocket.interaction", "request-response"),
        entry("rsocket.route", "nope.{id}"),
        entry("outcome", "ERROR"),
        entry("rsocket.error.code", "0x00000201"));
    Observation.Context responder = this.responderObservations.next();
    assertThat(responder.getContextualName()).isEqualTo("request-response");
    assertThat(lowCardinality(responder)).containsOnly(
        entry("rsocket.interaction", "request-response"),
        entry("rsocket.route", "UNKNOWN"),
        entry("outcome", "ERROR"),
        entry("rsocket.error.code", "0x00000201"));
    assertThat(highCardinality(responder)).containsEntry("rsocket.route.actual", "nope.7");
  }

  @Test
  void requestWithoutRouteHasRouteNone() throws InterruptedException {
    assertThatExceptionOfType(ApplicationErrorException.class)
        .isThrownBy(() -> this.connection.requester.metadata("text", MimeTypeUtils.TEXT_PLAIN)
            .data("x").retrieveMono(String.class).block(TIMEOUT));

    assertThat(lowCardinality(this.requesterObservations.next()))
        .containsEntry("rsocket.route", "none");
    assertThat(lowCardinality(this.responderObservations.next()))
        .containsEntry("rsocket.route", "none");
  }

  @Test
  void conventionsCanBeReplaced() throws InterruptedException {
    this.connection.close();
    this.connection = new ObservedConnection(this.controller, this.responderRegistry,
        this.requesterRegistry, builder -> builder.observationConvention(
            new DefaultRSocketRequesterObservationConvention("client.calls")));
    this.connection.messageHandler.setObservationConvention(
        new DefaultRSocketResponderObservationConvention("server.calls") {
          @Override
          protected KeyValue route(RSocketResponderObservationContext context) {
            return KeyValue.of("rsocket.route", "hidden");
          }
        });

    this.connection.requester.route("hello.{lang}", "en").data("Bo")
        .retrieveMono(String.class).block(TIMEOUT);

    Observation.Context requester = this.requesterObservations.next();
    assertThat(requester.getName()).isEqualTo("client.calls");
    Observation.Context responder = this.responderObservations.next();
    assertThat(responder.getName()).isEqualTo("server.calls");
    assertThat(lowCardinality(responder)).containsEntry("rsocket.route", "hidden");
  }

  @Test
  void noopRegistryObservesNothing() {
    try (ObservedConnection unobserved = new ObservedConnection(
        this.controller, ObservationRegistry.NOOP, ObservationRegistry.NOOP)) {
      assertThat(unobserved.requester.route("hello.{lang}", "en").data("Bo")
          .retrieveMono(String.class).block(TIMEOUT)).isEqualTo("Hello Bo");
    }
    assertThat(this.controller.observations).isEmpty();
    TestObservationRegistryAssert.assertThat(this.requesterRegistry).doesNotHaveAnyObservation();
    TestObservationRegistryAssert.assertThat(this.responderRegistry).doesNotHaveAnyObservation();
  }

  /**
   * Each registry saw one observation, started and stopped. Waits for the registry's own record:
   * handlers hear of a stop in reverse order, so the collecting handler hears first.
   */
  private void assertOnlyOneEach(String interaction) {
    Awaitility.await().atMost(TIMEOUT).untilAsserted(() -> {
      TestObservationRegistryAssert.assertThat(this.requesterRegistry)
          .hasNumberOfObservationsEqualTo(1)
          .hasObservationWithNameEqualTo("rsocket.requester.requests").that()
          .hasLowCardinalityKeyValue("rsocket.interaction", interaction)
          .hasBeenStarted().hasBeenStopped();
      TestObservationRegistryAssert.assertThat(this.responderRegistry)
          .hasNumberOfObservationsEqualTo(1)
          .hasObservationWithNameEqualTo("rsocket.responder.requests").that()
          .hasLowCardinalityKeyValue("rsocket.interaction", interaction)
          .hasBeenStarted().hasBeenStopped();
    });
    assertThat(this.requesterObservations.isEmpty()).isTrue();
    assertThat(this.responderObservations.isEmpty()).isTrue();
  }

  /** The low-cardinality key values of each observation as it starts. */
  private static final class StartedObservations
      implements ObservationHandler<Observation.Context> {

    private final BlockingQueue<Map<String, String>> started = new LinkedBlockingQueue<>();

    @Override
    public void onStart(Observation.Context context) {
      this.started.add(lowCardinality(context));
    }

    @Override
    public boolean supportsContext(Observation.Context context) {
      return true;
    }

    Map<String, String> next() throws InterruptedException {
      Map<String, String> keyValues = this.started.poll(5, TimeUnit.SECONDS);
      assertThat(keyValues).as("an observation started within 5 seconds").isNotNull();
      return keyValues;
    }
  }
}

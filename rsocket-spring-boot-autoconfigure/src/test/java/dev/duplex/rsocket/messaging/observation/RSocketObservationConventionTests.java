package dev.duplex.rsocket.messaging.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.duplex.rsocket.error.ClosedConnectionException;
import dev.duplex.rsocket.error.ConnectionErrorException;
import dev.duplex.rsocket.error.CustomRSocketException;
import dev.duplex.rsocket.error.RejectedException;
import dev.duplex.rsocket.frame.FrameType;
import io.micrometer.observation.transport.Kind;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.util.MimeTypeUtils;

/**
 * The error code, outcome and kind rules of the default conventions and contexts, for failures
 * the connection tests do not produce.
 */
class RSocketObservationConventionTests {

  private final DefaultRSocketRequesterObservationConvention requesterConvention =
      new DefaultRSocketRequesterObservationConvention();

  private final DefaultRSocketResponderObservationConvention responderConvention =
      new DefaultRSocketResponderObservationConvention();

  @Test
  void requesterErrorCodeIsTheCodeReceived() {
    assertThat(requesterErrorCode(new CustomRSocketException(0x00000301, "custom")))
        .isEqualTo("0x00000301");
    assertThat(requesterErrorCode(new RejectedException("busy"))).isEqualTo("0x00000202");
    assertThat(requesterErrorCode(new ConnectionErrorException("gone"))).isEqualTo("0x00000101");
    assertThat(requesterErrorCode(new ClosedConnectionException("closed", null))).isEqualTo("none");
    assertThat(requesterErrorCode(new IllegalStateException("no encoder"))).isEqualTo("none");
  }

  @Test
  void responderErrorCodeIsTheCodeSentInTheErrorFrame() {
    assertThat(responderErrorCode(new CustomRSocketException(0x00000301, "custom")))
        .isEqualTo("0x00000301");
    assertThat(responderErrorCode(new RejectedException("busy"))).isEqualTo("0x00000202");
    // a connection-level code never goes on a stream: APPLICATION_ERROR
    assertThat(responderErrorCode(new ConnectionErrorException("gone"))).isEqualTo("0x00000201");
    assertThat(responderErrorCode(new IllegalStateException("bug"))).isEqualTo("0x00000201");
  }

  @Test
  void kindFollowsWhetherAResponseComesBack() {
    assertThat(requester(FrameType.REQUEST_RESPONSE).getKind()).isEqualTo(Kind.CLIENT);
    assertThat(requester(FrameType.REQUEST_CHANNEL).getKind()).isEqualTo(Kind.CLIENT);
    assertThat(requester(FrameType.REQUEST_FNF).getKind()).isEqualTo(Kind.PRODUCER);
    assertThat(requester(FrameType.METADATA_PUSH).getKind()).isEqualTo(Kind.PRODUCER);
    assertThat(responder(FrameType.REQUEST_STREAM).getKind()).isEqualTo(Kind.SERVER);
    assertThat(responder(FrameType.REQUEST_FNF).getKind()).isEqualTo(Kind.CONSUMER);
  }

  @Test
  void frameTypeThatStartsNoRequestIsRejected() {
    assertThatIllegalArgumentException().isThrownBy(() -> requester(FrameType.SETUP))
        .withMessage("interaction: SETUP (expected: REQUEST_RESPONSE, REQUEST_FNF, "
            + "REQUEST_STREAM, REQUEST_CHANNEL or METADATA_PUSH)");
    assertThatIllegalArgumentException().isThrownBy(() -> responder(FrameType.REQUEST_N));
  }

  @Test
  void propagationFieldsAreReadFromTheCarrier() {
    RSocketResponderObservationContext context = new RSocketResponderObservationContext(
        FrameType.REQUEST_RESPONSE, Map.of("traceparent", "00-1-2-01"),
        MimeTypeUtils.TEXT_PLAIN, MimeTypeUtils.TEXT_PLAIN);
    assertThat(context.getGetter().get(context.getCarrier(), "traceparent"))
        .isEqualTo("00-1-2-01");
    assertThat(context.getGetter().get(context.getCarrier(), "b3")).isNull();

    RSocketRequesterObservationContext requester = requester(FrameType.REQUEST_RESPONSE);
    requester.getSetter().set(requester.getCarrier(), "traceparent", "00-1-2-01");
    assertThat(requester.getPropagationFields()).containsExactly(
        Map.entry("traceparent", "00-1-2-01"));
  }

  private String requesterErrorCode(Throwable error) {
    RSocketRequesterObservationContext context = requester(FrameType.REQUEST_RESPONSE);
    context.setError(error);
    assertThat(this.requesterConvention.outcome(context).getValue()).isEqualTo("ERROR");
    return this.requesterConvention.errorCode(context).getValue();
  }

  private String responderErrorCode(Throwable error) {
    RSocketResponderObservationContext context = responder(FrameType.REQUEST_RESPONSE);
    context.setError(error);
    assertThat(this.responderConvention.outcome(context).getValue()).isEqualTo("ERROR");
    return this.responderConvention.errorCode(context).getValue();
  }

  private static RSocketRequesterObservationContext requester(FrameType interaction) {
    return new RSocketRequesterObservationContext(interaction, "route", "route",
        MimeTypeUtils.TEXT_PLAIN, MimeTypeUtils.TEXT_PLAIN);
  }

  private static RSocketResponderObservationContext responder(FrameType interaction) {
    return new RSocketResponderObservationContext(interaction, Map.of(),
        MimeTypeUtils.TEXT_PLAIN, MimeTypeUtils.TEXT_PLAIN);
  }
}

package dev.duplex.rsocket.messaging.annotation.support;

import static dev.duplex.rsocket.messaging.annotation.support.RSocketFrameTypeMessageCondition.CONNECT_CONDITION;
import static dev.duplex.rsocket.messaging.annotation.support.RSocketFrameTypeMessageCondition.EMPTY_CONDITION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.duplex.rsocket.frame.FrameType;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

/** Tests for {@link RSocketFrameTypeMessageCondition}; a port of Spring's. */
class RSocketFrameTypeMessageConditionTests {

  private static final RSocketFrameTypeMessageCondition FNF_RR_CONDITION =
      new RSocketFrameTypeMessageCondition(FrameType.REQUEST_FNF, FrameType.REQUEST_RESPONSE);

  @Test
  void getMatchingCondition() {
    Message<?> message = message(FrameType.REQUEST_RESPONSE);
    RSocketFrameTypeMessageCondition actual = FNF_RR_CONDITION.getMatchingCondition(message);

    assertThat(actual).isNotNull();
    assertThat(actual.getFrameTypes()).hasSize(1).containsOnly(FrameType.REQUEST_RESPONSE);
  }

  @Test
  void getMatchingConditionEmpty() {
    Message<?> message = message(FrameType.REQUEST_RESPONSE);
    assertThat(EMPTY_CONDITION.getMatchingCondition(message)).isNull();
  }

  @Test
  void getMatchingConditionWithoutFrameTypeHeader() {
    assertThat(FNF_RR_CONDITION.getMatchingCondition(message(null))).isNull();
  }

  @Test
  void combine() {
    assertThat(EMPTY_CONDITION.combine(CONNECT_CONDITION).getFrameTypes())
        .containsExactly(FrameType.SETUP, FrameType.METADATA_PUSH);

    assertThat(EMPTY_CONDITION.combine(new RSocketFrameTypeMessageCondition(FrameType.REQUEST_FNF))
        .getFrameTypes()).containsExactly(FrameType.REQUEST_FNF);
  }

  @Test
  void compareTo() {
    Message<byte[]> message = message(null);
    assertThat(condition(FrameType.SETUP).compareTo(condition(FrameType.SETUP), message)).isZero();
    assertThat(condition(FrameType.SETUP).compareTo(condition(FrameType.METADATA_PUSH), message))
        .isZero();
    assertThat(condition(FrameType.SETUP).compareTo(CONNECT_CONDITION, message)).isPositive();
  }

  @Test
  void getConditionFollowsCardinality() {
    assertThat(RSocketFrameTypeMessageCondition.getCondition(0, 0).getFrameTypes())
        .containsExactly(FrameType.REQUEST_FNF, FrameType.REQUEST_RESPONSE);
    assertThat(RSocketFrameTypeMessageCondition.getCondition(1, 0).getFrameTypes())
        .containsExactly(FrameType.REQUEST_FNF, FrameType.REQUEST_RESPONSE);
    assertThat(RSocketFrameTypeMessageCondition.getCondition(1, 1).getFrameTypes())
        .containsExactly(FrameType.REQUEST_RESPONSE);
    assertThat(RSocketFrameTypeMessageCondition.getCondition(0, 2).getFrameTypes())
        .containsExactly(FrameType.REQUEST_STREAM);
    assertThat(RSocketFrameTypeMessageCondition.getCondition(2, 0).getFrameTypes())
        .containsExactly(FrameType.REQUEST_CHANNEL);
    assertThat(RSocketFrameTypeMessageCondition.getCondition(2, 2).getFrameTypes())
        .containsExactly(FrameType.REQUEST_CHANNEL);
    assertThatIllegalStateException()
        .isThrownBy(() -> RSocketFrameTypeMessageCondition.getCondition(1, 3))
        .withMessage("Invalid response cardinality: 3");
    assertThatIllegalStateException()
        .isThrownBy(() -> RSocketFrameTypeMessageCondition.getCondition(3, 1))
        .withMessage("Invalid request cardinality: 3");
  }

  @Test
  void frameTypeHeaderIsSpringName() {
    assertThat(RSocketFrameTypeMessageCondition.FRAME_TYPE_HEADER).isEqualTo("rsocketFrameType");
    assertThat(RSocketFrameTypeMessageCondition.getFrameType(message(FrameType.SETUP)))
        .isEqualTo(FrameType.SETUP);
    assertThat(CONNECT_CONDITION.toString()).isEqualTo("[SETUP || METADATA_PUSH]");
  }

  private Message<byte[]> message(@Nullable FrameType frameType) {
    MessageBuilder<byte[]> builder = MessageBuilder.withPayload(new byte[0]);
    if (frameType != null) {
      builder.setHeader(RSocketFrameTypeMessageCondition.FRAME_TYPE_HEADER, frameType);
    }
    return builder.build();
  }

  private RSocketFrameTypeMessageCondition condition(FrameType... frameType) {
    return new RSocketFrameTypeMessageCondition(Arrays.asList(frameType));
  }
}

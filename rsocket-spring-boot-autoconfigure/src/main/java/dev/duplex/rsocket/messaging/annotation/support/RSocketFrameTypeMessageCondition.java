package dev.duplex.rsocket.messaging.annotation.support;

import dev.duplex.rsocket.frame.FrameType;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.AbstractMessageCondition;
import org.springframework.util.Assert;

/**
 * A message condition on the RSocket frame type of a request ({@code SETUP}, {@code REQUEST_FNF},
 * ...), found in the {@link #FRAME_TYPE_HEADER} header; Spring's
 * {@code RSocketFrameTypeMessageCondition} with the engine's {@link FrameType}.
 */
public class RSocketFrameTypeMessageCondition
    extends AbstractMessageCondition<RSocketFrameTypeMessageCondition> {

  /** The name of the header that contains the RSocket frame type being processed. */
  public static final String FRAME_TYPE_HEADER = "rsocketFrameType";

  /** Match connection-level frames "SETUP" or "METADATA_PUSH". */
  public static final RSocketFrameTypeMessageCondition CONNECT_CONDITION =
      new RSocketFrameTypeMessageCondition(FrameType.SETUP, FrameType.METADATA_PUSH);

  /** Match RSocket frames "REQUEST_FNF" or "REQUEST_RESPONSE". */
  public static final RSocketFrameTypeMessageCondition REQUEST_FNF_OR_RESPONSE_CONDITION =
      new RSocketFrameTypeMessageCondition(FrameType.REQUEST_FNF, FrameType.REQUEST_RESPONSE);

  /** Match RSocket frame "REQUEST_RESPONSE". */
  public static final RSocketFrameTypeMessageCondition REQUEST_RESPONSE_CONDITION =
      new RSocketFrameTypeMessageCondition(FrameType.REQUEST_RESPONSE);

  /** Match RSocket frame "REQUEST_STREAM". */
  public static final RSocketFrameTypeMessageCondition REQUEST_STREAM_CONDITION =
      new RSocketFrameTypeMessageCondition(FrameType.REQUEST_STREAM);

  /** Match RSocket frame "REQUEST_CHANNEL". */
  public static final RSocketFrameTypeMessageCondition REQUEST_CHANNEL_CONDITION =
      new RSocketFrameTypeMessageCondition(FrameType.REQUEST_CHANNEL);

  /** Empty condition that does not match any RSocket frame (for example, for type-level mappings). */
  public static final RSocketFrameTypeMessageCondition EMPTY_CONDITION =
      new RSocketFrameTypeMessageCondition();

  /** Per frame type, the instance getMatchingCondition returns. */
  private static final Map<FrameType, RSocketFrameTypeMessageCondition> FRAME_TYPE_CONDITIONS;

  static {
    FRAME_TYPE_CONDITIONS = new EnumMap<>(FrameType.class);
    for (FrameType type : FrameType.values()) {
      FRAME_TYPE_CONDITIONS.put(type, new RSocketFrameTypeMessageCondition(type));
    }
  }

  private final Set<FrameType> frameTypes;

  /** A condition matching any of {@code frameType}; at least one is required. */
  public RSocketFrameTypeMessageCondition(FrameType... frameType) {
    this(Arrays.asList(frameType));
  }

  /** A condition matching any of {@code frameTypes}; at least one is required. */
  public RSocketFrameTypeMessageCondition(Collection<FrameType> frameTypes) {
    Assert.notEmpty(frameTypes, "`frameTypes` are required");
    this.frameTypes = Collections.unmodifiableSet(new LinkedHashSet<>(frameTypes));
  }

  private RSocketFrameTypeMessageCondition() {
    this.frameTypes = Collections.emptySet();
  }

  /** The frame types this condition matches, in declaration order. */
  public Set<FrameType> getFrameTypes() {
    return this.frameTypes;
  }

  @Override
  protected Collection<?> getContent() {
    return this.frameTypes;
  }

  @Override
  protected String getToStringInfix() {
    return " || ";
  }

  /**
   * Finds the RSocket frame type in the message headers.
   *
   * @param message the current message
   * @return the frame type, or {@code null} if not found
   */
  public static @Nullable FrameType getFrameType(Message<?> message) {
    return (FrameType) message.getHeaders().get(FRAME_TYPE_HEADER);
  }

  @Override
  public RSocketFrameTypeMessageCondition combine(RSocketFrameTypeMessageCondition other) {
    if (this.frameTypes.equals(other.frameTypes)) {
      return other;
    }
    Set<FrameType> set = new LinkedHashSet<>(this.frameTypes);
    set.addAll(other.frameTypes);
    return new RSocketFrameTypeMessageCondition(set);
  }

  @Override
  public @Nullable RSocketFrameTypeMessageCondition getMatchingCondition(Message<?> message) {
    FrameType actual = message.getHeaders().get(FRAME_TYPE_HEADER, FrameType.class);
    if (actual != null && this.frameTypes.contains(actual)) {
      return FRAME_TYPE_CONDITIONS.get(actual);
    }
    return null;
  }

  @Override
  public int compareTo(RSocketFrameTypeMessageCondition other, Message<?> message) {
    return other.frameTypes.size() - this.frameTypes.size();
  }

  /**
   * The condition for the interaction chosen by the declared request and response cardinality of
   * a handler method.
   *
   * <pre>
   * request cardinality | response cardinality | interactions
   * --------------------+----------------------+-------------------------------------
   *        0, 1         |          0           | Fire-And-Forget, Request-Response
   *        0, 1         |          1           | Request-Response
   *        0, 1         |          2           | Request-Stream
   *          2          |         any          | Request-Channel
   * </pre>
   *
   * @param cardinalityIn the request cardinality: 1 for a single payload, 2 for many payloads,
   *     and 0 if input is not handled
   * @param cardinalityOut the response cardinality: 0 for no output payloads, 1 for a single
   *     payload, and 2 for many payloads
   * @return a condition to use for matching the interaction type
   */
  public static RSocketFrameTypeMessageCondition getCondition(int cardinalityIn, int cardinalityOut) {
    return switch (cardinalityIn) {
      case 0, 1 -> switch (cardinalityOut) {
        case 0 -> REQUEST_FNF_OR_RESPONSE_CONDITION;
        case 1 -> REQUEST_RESPONSE_CONDITION;
        case 2 -> REQUEST_STREAM_CONDITION;
        default -> throw new IllegalStateException("Invalid response cardinality: " + cardinalityOut);
      };
      case 2 -> REQUEST_CHANNEL_CONDITION;
      default -> throw new IllegalStateException("Invalid request cardinality: " + cardinalityIn);
    };
  }
}

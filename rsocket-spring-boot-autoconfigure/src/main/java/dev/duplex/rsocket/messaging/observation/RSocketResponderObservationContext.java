package dev.duplex.rsocket.messaging.observation;

import dev.duplex.rsocket.frame.FrameType;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.ReceiverContext;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.messaging.MessageHeaders;
import org.springframework.util.Assert;
import org.springframework.util.MimeType;

/**
 * Holds what the {@link RSocketObservationDocumentation#RSOCKET_RESPONDER_REQUESTS responder
 * observation} of one request knows: the interaction, the route as received, the pattern of the
 * handler that matched it, the connection's MIME types, and how the request ended.
 *
 * <p>The carrier is the request's propagation fields, read from its composite metadata by
 * {@link RSocketPropagationMetadata#read}, from which a tracing handler continues the requester's
 * trace. While the request is handled the context is in the message headers under
 * {@link #CURRENT_OBSERVATION_CONTEXT_HEADER}. A request with a response is of {@link Kind#SERVER}
 * kind, fire-and-forget and metadata push of {@link Kind#CONSUMER} kind.
 */
public class RSocketResponderObservationContext extends ReceiverContext<Map<String, String>> {

  /** The message header that holds the context of the request being handled. */
  public static final String CURRENT_OBSERVATION_CONTEXT_HEADER =
      RSocketResponderObservationContext.class.getName();

  private final FrameType interaction;

  private final MimeType dataMimeType;

  private final MimeType metadataMimeType;

  private @Nullable String route;

  private @Nullable String routePattern;

  private boolean canceled;

  private boolean completed;

  /**
   * Creates the context of one request.
   *
   * @param interaction the request's frame type: {@code REQUEST_RESPONSE}, {@code REQUEST_FNF},
   *     {@code REQUEST_STREAM}, {@code REQUEST_CHANNEL} or {@code METADATA_PUSH}
   * @param propagationFields the request's propagation fields, by name
   * @param dataMimeType the connection's data MIME type
   * @param metadataMimeType the connection's metadata MIME type
   * @throws IllegalArgumentException if {@code interaction} does not start a request
   */
  public RSocketResponderObservationContext(FrameType interaction,
      Map<String, String> propagationFields, MimeType dataMimeType, MimeType metadataMimeType) {
    super((carrier, name) -> carrier.get(name), RSocketInteractions.receiverKind(interaction));
    Assert.notNull(propagationFields, "'propagationFields' is required");
    Assert.notNull(dataMimeType, "'dataMimeType' is required");
    Assert.notNull(metadataMimeType, "'metadataMimeType' is required");
    this.interaction = interaction;
    this.dataMimeType = dataMimeType;
    this.metadataMimeType = metadataMimeType;
    setCarrier(propagationFields);
  }

  /** The request's frame type. */
  public FrameType getInteraction() {
    return this.interaction;
  }

  /** The route as received, or {@code null} (or empty) when the request has none. */
  public @Nullable String getRoute() {
    return this.route;
  }

  /** Sets the route as received. */
  public void setRoute(@Nullable String route) {
    this.route = route;
  }

  /**
   * The pattern of the handler that matched the request, such as {@code hello.{lang}}, or
   * {@code null} when none matched (yet). Patterns have a low cardinality.
   */
  public @Nullable String getRoutePattern() {
    return this.routePattern;
  }

  /** Sets the pattern of the handler that matched the request. */
  public void setRoutePattern(@Nullable String routePattern) {
    this.routePattern = routePattern;
  }

  /** The connection's data MIME type. */
  public MimeType getDataMimeType() {
    return this.dataMimeType;
  }

  /** The connection's metadata MIME type. */
  public MimeType getMetadataMimeType() {
    return this.metadataMimeType;
  }

  /** The request's propagation fields, by name. */
  public Map<String, String> getPropagationFields() {
    Map<String, String> carrier = getCarrier();
    return carrier != null ? carrier : Map.of();
  }

  /** Whether the requester canceled the request before it ended. */
  public boolean isCanceled() {
    return this.canceled;
  }

  /** Records that the requester canceled the request. */
  public void setCanceled(boolean canceled) {
    this.canceled = canceled;
  }

  /** Whether the request completed without an error. */
  public boolean isCompleted() {
    return this.completed;
  }

  /** Records that the request completed without an error. */
  public void setCompleted(boolean completed) {
    this.completed = completed;
  }

  /**
   * The context of the request a message belongs to, or {@code null} when requests are not
   * observed.
   */
  public static @Nullable RSocketResponderObservationContext findCurrent(MessageHeaders headers) {
    return headers.get(CURRENT_OBSERVATION_CONTEXT_HEADER)
        instanceof RSocketResponderObservationContext context ? context : null;
  }
}

package dev.duplex.rsocket.messaging.observation;

import dev.duplex.rsocket.frame.FrameType;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.SenderContext;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;
import org.springframework.util.MimeType;

/**
 * Holds what the {@link RSocketObservationDocumentation#RSOCKET_REQUESTER_REQUESTS requester
 * observation} of one request knows: the interaction, the route template and the route as sent,
 * the connection's MIME types, and how the request ended.
 *
 * <p>The carrier collects the propagation fields a tracing handler sets when the observation
 * starts; the requester writes them into the request's composite metadata (see
 * {@link RSocketPropagationMetadata}). A request with a response is of {@link Kind#CLIENT} kind,
 * fire-and-forget and metadata push of {@link Kind#PRODUCER} kind.
 */
public class RSocketRequesterObservationContext extends SenderContext<Map<String, String>> {

  private final FrameType interaction;

  private final @Nullable String routeTemplate;

  private final @Nullable String route;

  private final MimeType dataMimeType;

  private final MimeType metadataMimeType;

  private boolean canceled;

  private boolean completed;

  /**
   * Creates the context of one request.
   *
   * @param interaction the request's frame type: {@code REQUEST_RESPONSE}, {@code REQUEST_FNF},
   *     {@code REQUEST_STREAM}, {@code REQUEST_CHANNEL} or {@code METADATA_PUSH}
   * @param routeTemplate the route as given to {@code route(template, vars)}, or {@code null}
   * @param route the route as sent, variables expanded, or {@code null}
   * @param dataMimeType the connection's data MIME type
   * @param metadataMimeType the connection's metadata MIME type
   * @throws IllegalArgumentException if {@code interaction} does not start a request
   */
  public RSocketRequesterObservationContext(FrameType interaction, @Nullable String routeTemplate,
      @Nullable String route, MimeType dataMimeType, MimeType metadataMimeType) {
    super(RSocketRequesterObservationContext::setField,
        RSocketInteractions.senderKind(interaction));
    Assert.notNull(dataMimeType, "'dataMimeType' is required");
    Assert.notNull(metadataMimeType, "'metadataMimeType' is required");
    this.interaction = interaction;
    this.routeTemplate = routeTemplate;
    this.route = route;
    this.dataMimeType = dataMimeType;
    this.metadataMimeType = metadataMimeType;
    setCarrier(new LinkedHashMap<>(4));
  }

  private static void setField(@Nullable Map<String, String> carrier, String name, String value) {
    if (carrier != null) {
      carrier.put(name, value);
    }
  }

  /** The request's frame type. */
  public FrameType getInteraction() {
    return this.interaction;
  }

  /** The route template as given to {@code route(template, vars)}, or {@code null}. */
  public @Nullable String getRouteTemplate() {
    return this.routeTemplate;
  }

  /** The route as sent, variables expanded, or {@code null}. */
  public @Nullable String getRoute() {
    return this.route;
  }

  /** The connection's data MIME type. */
  public MimeType getDataMimeType() {
    return this.dataMimeType;
  }

  /** The connection's metadata MIME type. */
  public MimeType getMetadataMimeType() {
    return this.metadataMimeType;
  }

  /** The propagation fields set so far, by name, in the order set. */
  public Map<String, String> getPropagationFields() {
    Map<String, String> carrier = getCarrier();
    return carrier != null ? carrier : Map.of();
  }

  /** Whether the subscriber canceled the request before it ended. */
  public boolean isCanceled() {
    return this.canceled;
  }

  /** Records that the subscriber canceled the request. */
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
}

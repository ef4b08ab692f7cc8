package dev.duplex.rsocket.messaging.service;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.util.Assert;
import org.springframework.util.MimeType;
import org.springframework.util.StringUtils;

/**
 * The values of one RSocket request, taken from an
 * {@link org.springframework.messaging.rsocket.service.RSocketExchange @RSocketExchange} method and
 * the arguments passed to it: route, route variables, metadata entries and payload. They define
 * the request made through {@link dev.duplex.rsocket.messaging.RSocketRequester}.
 */
public final class RSocketRequestValues {

  private final @Nullable String route;

  private final Object[] routeVariables;

  private final Map<Object, MimeType> metadata;

  private final @Nullable Object payloadValue;

  private final @Nullable Publisher<?> payload;

  private final @Nullable ParameterizedTypeReference<?> payloadElementType;

  /**
   * Request values; prefer {@link #builder(String)}.
   *
   * @param route the route, or {@code null} for none
   * @param routeVariables the values of the route's template variables
   * @param metadataHelper the metadata entries
   * @param payloadValue the payload as a value to encode (exclusive with {@code payload})
   * @param payload the payload as a {@code Publisher} (exclusive with {@code payloadValue})
   * @param payloadElementType the element type of {@code payload}
   */
  RSocketRequestValues(@Nullable String route, @Nullable List<Object> routeVariables,
      @Nullable MetadataHelper metadataHelper, @Nullable Object payloadValue,
      @Nullable Publisher<?> payload, @Nullable ParameterizedTypeReference<?> payloadElementType) {

    this.route = route;
    this.routeVariables = (routeVariables != null ? routeVariables.toArray() : new Object[0]);
    this.metadata = (metadataHelper != null ? metadataHelper.toMap() : Collections.emptyMap());
    this.payloadValue = payloadValue;
    this.payload = payload;
    this.payloadElementType = payloadElementType;
  }

  /**
   * The route for {@link dev.duplex.rsocket.messaging.RSocketRequester#route(String, Object...)},
   * or {@code null} when the request has only metadata.
   */
  public @Nullable String getRoute() {
    return this.route;
  }

  /** The route variables for {@link dev.duplex.rsocket.messaging.RSocketRequester#route}. */
  public Object[] getRouteVariables() {
    return this.routeVariables;
  }

  /**
   * The metadata entries, in the order added, for
   * {@link dev.duplex.rsocket.messaging.RSocketRequester.MetadataSpec#metadata(Object, MimeType)}.
   */
  public Map<Object, MimeType> getMetadata() {
    return this.metadata;
  }

  /**
   * The payload as a value to encode, if set; only one of this and {@link #getPayload()}, or
   * neither, is set.
   */
  public @Nullable Object getPayloadValue() {
    return this.payloadValue;
  }

  /**
   * The payload as a {@code Publisher}, if set; only one of this and {@link #getPayloadValue()},
   * or neither, is set.
   */
  public @Nullable Publisher<?> getPayload() {
    return this.payload;
  }

  /** The element type of the {@linkplain #getPayload() payload Publisher}. */
  public @Nullable ParameterizedTypeReference<?> getPayloadElementType() {
    return this.payloadElementType;
  }

  /**
   * A builder of request values.
   *
   * @param route the route from the annotations; blank means none
   */
  public static Builder builder(@Nullable String route) {
    return new Builder(route);
  }

  /** Builder for {@link RSocketRequestValues}; not thread-safe. */
  public static final class Builder {

    private @Nullable String route;

    private @Nullable List<Object> routeVariables;

    private @Nullable MetadataHelper metadataHelper;

    private @Nullable Object payloadValue;

    private @Nullable Publisher<?> payload;

    private @Nullable ParameterizedTypeReference<?> payloadElementType;

    Builder(@Nullable String route) {
      this.route = (StringUtils.hasText(route) ? route : null);
    }

    /** Sets the route, and clears the route variables added so far. */
    public Builder setRoute(String route) {
      this.route = route;
      this.routeVariables = null;
      return this;
    }

    /** Adds a route variable. */
    public Builder addRouteVariable(Object variable) {
      this.routeVariables = (this.routeVariables != null ? this.routeVariables : new ArrayList<>());
      this.routeVariables.add(variable);
      return this;
    }

    /**
     * Adds a metadata entry; must be followed by a call to {@link #addMimeType(MimeType)} for it.
     *
     * @throws IllegalArgumentException if the previous entry has no MIME type yet
     */
    public Builder addMetadata(Object metadata) {
      this.metadataHelper = (this.metadataHelper != null ? this.metadataHelper : new MetadataHelper());
      this.metadataHelper.addMetadata(metadata);
      return this;
    }

    /**
     * Sets the MIME type of the metadata entry added last with {@link #addMetadata(Object)}.
     *
     * @throws IllegalArgumentException if there is no entry waiting for a MIME type
     */
    public Builder addMimeType(MimeType mimeType) {
      this.metadataHelper = (this.metadataHelper != null ? this.metadataHelper : new MetadataHelper());
      this.metadataHelper.addMimeType(mimeType);
      return this;
    }

    /**
     * Sets the payload as a value to encode; clears a
     * {@linkplain #setPayload(Publisher, ParameterizedTypeReference) payload Publisher}.
     */
    public Builder setPayloadValue(Object payloadValue) {
      this.payloadValue = payloadValue;
      this.payload = null;
      this.payloadElementType = null;
      return this;
    }

    /**
     * Sets the payload as a {@code Publisher} of values to encode; clears a
     * {@linkplain #setPayloadValue(Object) payload value}.
     */
    public <T, P extends Publisher<T>> Builder setPayload(P payload,
        ParameterizedTypeReference<T> elementType) {
      this.payload = payload;
      this.payloadElementType = elementType;
      this.payloadValue = null;
      return this;
    }

    /** Builds the {@link RSocketRequestValues}. */
    public RSocketRequestValues build() {
      return new RSocketRequestValues(this.route, this.routeVariables, this.metadataHelper,
          this.payloadValue, this.payload, this.payloadElementType);
    }
  }

  /** Collects metadata entries as pairs of calls: a value, then its MIME type. */
  static final class MetadataHelper {

    private final List<Object> metadata = new ArrayList<>();

    private final List<MimeType> mimeTypes = new ArrayList<>();

    void addMetadata(Object metadata) {
      Assert.isTrue(this.metadata.size() == this.mimeTypes.size(), () -> "Invalid state: " + this);
      this.metadata.add(metadata);
    }

    void addMimeType(MimeType mimeType) {
      Assert.isTrue(this.metadata.size() == (this.mimeTypes.size() + 1),
          () -> "Invalid state: " + this);
      this.mimeTypes.add(mimeType);
    }

    Map<Object, MimeType> toMap() {
      Map<Object, MimeType> map = new LinkedHashMap<>(this.metadata.size());
      for (int i = 0; i < this.metadata.size(); i++) {
        map.put(this.metadata.get(i), this.mimeTypes.get(i));
      }
      return map;
    }

    @Override
    public String toString() {
      return "metadata=" + this.metadata + ", mimeTypes=" + this.mimeTypes;
    }
  }
}

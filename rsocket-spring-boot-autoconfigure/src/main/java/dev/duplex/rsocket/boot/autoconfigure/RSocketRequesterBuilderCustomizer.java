package dev.duplex.rsocket.boot.autoconfigure;

import dev.duplex.rsocket.messaging.RSocketRequester;

/**
 * Callback that customizes each auto-configured {@link RSocketRequester.Builder}, after the
 * strategies and connector configurers are applied. Beans of this type are applied in
 * {@link org.springframework.core.Ordered order}.
 */
@FunctionalInterface
public interface RSocketRequesterBuilderCustomizer {

  /**
   * Customizes the builder.
   *
   * @param builder the builder to customize
   */
  void customize(RSocketRequester.Builder builder);
}

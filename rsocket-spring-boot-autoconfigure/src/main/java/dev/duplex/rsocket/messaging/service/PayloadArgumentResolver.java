package dev.duplex.rsocket.messaging.service;

import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.ReactiveAdapter;
import org.springframework.core.ReactiveAdapterRegistry;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.util.Assert;

/**
 * {@link RSocketServiceArgumentResolver} for a {@link Payload @Payload} argument, or with
 * {@code useDefaultResolution} for any argument: a concrete value becomes the payload value, an
 * asynchronous type known to the {@link ReactiveAdapterRegistry} the payload {@code Publisher}.
 */
public class PayloadArgumentResolver implements RSocketServiceArgumentResolver {

  private final ReactiveAdapterRegistry reactiveAdapterRegistry;

  private final boolean useDefaultResolution;

  /**
   * A resolver adapting asynchronous arguments through {@code reactiveAdapterRegistry}.
   *
   * @param reactiveAdapterRegistry the registry of asynchronous types
   * @param useDefaultResolution whether to resolve arguments without {@code @Payload} too
   */
  public PayloadArgumentResolver(ReactiveAdapterRegistry reactiveAdapterRegistry,
      boolean useDefaultResolution) {
    Assert.notNull(reactiveAdapterRegistry, "ReactiveAdapterRegistry is required");
    this.reactiveAdapterRegistry = reactiveAdapterRegistry;
    this.useDefaultResolution = useDefaultResolution;
  }

  @Override
  public boolean resolve(@Nullable Object argument, MethodParameter parameter,
      RSocketRequestValues.Builder requestValues) {

    Payload annot = parameter.getParameterAnnotation(Payload.class);
    if (annot == null && !this.useDefaultResolution) {
      return false;
    }
    if (argument == null) {
      boolean isOptional = ((annot != null && !annot.required()) || parameter.isOptional());
      Assert.isTrue(isOptional, () -> "Missing payload");
      return true;
    }

    ReactiveAdapter adapter = this.reactiveAdapterRegistry.getAdapter(parameter.getParameterType());
    if (adapter == null) {
      requestValues.setPayloadValue(argument);
    } else {
      MethodParameter nestedParameter = parameter.nested();
      String message = "Async type for @Payload should produce value(s)";
      Assert.isTrue(nestedParameter.getNestedParameterType() != Void.class, message);
      Assert.isTrue(!adapter.isNoValue(), message);
      requestValues.setPayload(adapter.toPublisher(argument),
          ParameterizedTypeReference.forType(nestedParameter.getNestedGenericParameterType()));
    }
    return true;
  }
}

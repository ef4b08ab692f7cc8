package dev.duplex.rsocket.messaging.service;

import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;

/**
 * Resolves an argument of an
 * {@link org.springframework.messaging.rsocket.service.RSocketExchange @RSocketExchange} method to
 * one or more RSocket request values.
 */
public interface RSocketServiceArgumentResolver {

  /**
   * Resolves the argument value.
   *
   * @param argument the argument value
   * @param parameter the method parameter for the argument
   * @param requestValues builder to add RSocket request values to
   * @return {@code true} if the argument was resolved, {@code false} otherwise
   */
  boolean resolve(@Nullable Object argument, MethodParameter parameter,
      RSocketRequestValues.Builder requestValues);
}

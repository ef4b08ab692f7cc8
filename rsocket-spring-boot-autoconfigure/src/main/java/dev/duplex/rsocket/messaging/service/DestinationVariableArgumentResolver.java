package dev.duplex.rsocket.messaging.service;

import java.util.Collection;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import org.springframework.messaging.handler.annotation.DestinationVariable;

/**
 * {@link RSocketServiceArgumentResolver} for a {@link DestinationVariable @DestinationVariable}
 * argument: a single route variable or, for a {@code Collection} or an array, one route variable
 * per element. A {@code null} argument adds none.
 */
public class DestinationVariableArgumentResolver implements RSocketServiceArgumentResolver {

  @Override
  public boolean resolve(@Nullable Object argument, MethodParameter parameter,
      RSocketRequestValues.Builder requestValues) {

    DestinationVariable annot = parameter.getParameterAnnotation(DestinationVariable.class);
    if (annot == null) {
      return false;
    }
    if (argument instanceof Collection<?> collection) {
      collection.forEach(requestValues::addRouteVariable);
    } else if (argument instanceof Object[] arguments) {
      for (Object variable : arguments) {
        requestValues.addRouteVariable(variable);
      }
    } else if (argument != null) {
      requestValues.addRouteVariable(argument);
    }
    return true;
  }
}

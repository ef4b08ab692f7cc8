package dev.duplex.rsocket.messaging.service;

import java.lang.reflect.Method;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import org.springframework.util.ClassUtils;

/** Base class of {@link RSocketServiceArgumentResolver} tests. */
abstract class RSocketServiceArgumentResolverTestSupport {

  private final RSocketServiceArgumentResolver resolver;

  private final RSocketRequestValues.Builder requestValuesBuilder = RSocketRequestValues.builder(null);

  private @Nullable RSocketRequestValues requestValues;

  protected RSocketServiceArgumentResolverTestSupport() {
    this.resolver = initResolver();
  }

  protected abstract RSocketServiceArgumentResolver initResolver();

  protected static MethodParameter initMethodParameter(Class<?> serviceClass, String methodName,
      int index) {
    Method method = ClassUtils.getMethod(serviceClass, methodName, (Class<?>[]) null);
    return new MethodParameter(method, index);
  }

  protected boolean execute(@Nullable Object argument, MethodParameter parameter) {
    return this.resolver.resolve(argument, parameter, this.requestValuesBuilder);
  }

  protected RSocketRequestValues getRequestValues() {
    this.requestValues =
        (this.requestValues != null ? this.requestValues : this.requestValuesBuilder.build());
    return this.requestValues;
  }
}

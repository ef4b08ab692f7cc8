package dev.duplex.rsocket.messaging.service;

import dev.duplex.rsocket.messaging.RSocketRequester;
import dev.duplex.rsocket.messaging.RSocketStrategies;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.springframework.core.MethodParameter;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.ReactiveAdapter;
import org.springframework.core.ReactiveAdapterRegistry;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.SynthesizingMethodParameter;
import org.springframework.messaging.rsocket.service.RSocketExchange;
import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;
import org.springframework.util.MimeType;
import org.springframework.util.StringUtils;
import org.springframework.util.StringValueResolver;
import reactor.core.publisher.Mono;

/**
 * One method of an {@link RSocketServiceProxyFactory#createClient(Class) RSocket service proxy}:
 * turns the arguments into {@link RSocketRequestValues} and performs the request through an
 * {@link RSocketRequester}, choosing the interaction from the return type.
 *
 * <table>
 *   <caption>Return type to interaction</caption>
 *   <tr><th>return type</th><th>interaction</th></tr>
 *   <tr><td>{@code void}, {@code Mono<Void>} (any no-value type)</td>
 *       <td>fire-and-forget, or metadata push when there is no payload</td></tr>
 *   <tr><td>{@code T}, {@code Optional<T>}</td><td>request-response, blocking</td></tr>
 *   <tr><td>{@code Mono<T>} (any single-value type)</td><td>request-response</td></tr>
 *   <tr><td>{@code Flux<T>} (any multi-value type)</td>
 *       <td>request-stream, or request-channel for a multi-value payload</td></tr>
 * </table>
 *
 * <p>Blocking methods wait up to the factory's block timeout, if set. Unlike Spring 7, whose
 * {@code Objects.requireNonNull} makes a blocking {@code void} method throw a
 * {@code NullPointerException} once the request is sent, a blocking method returns {@code null}
 * for {@code void} and for a {@code T} response that is empty (as Spring 6 did).
 */
final class RSocketServiceMethod {

  private final Method method;

  private final MethodParameter[] parameters;

  private final List<RSocketServiceArgumentResolver> argumentResolvers;

  private final @Nullable String route;

  private final Function<RSocketRequestValues, @Nullable Object> responseFunction;

  RSocketServiceMethod(Method method, Class<?> containingClass,
      List<RSocketServiceArgumentResolver> argumentResolvers, RSocketRequester rsocketRequester,
      @Nullable StringValueResolver embeddedValueResolver,
      ReactiveAdapterRegistry reactiveRegistry, @Nullable Duration blockTimeout) {

    this.method = method;
    this.parameters = initMethodParameters(method);
    this.argumentResolvers = argumentResolvers;
    this.route = initRoute(method, containingClass, rsocketRequester.strategies(),
        embeddedValueResolver);
    this.responseFunction =
        initResponseFunction(rsocketRequester, method, reactiveRegistry, blockTimeout);
  }

  private static MethodParameter[] initMethodParameters(Method method) {
    int count = method.getParameterCount();
    MethodParameter[] parameters = new MethodParameter[count];
    for (int i = 0; i < count; i++) {
      parameters[i] = new SynthesizingMethodParameter(method, i);
    }
    return parameters;
  }

  private static @Nullable String initRoute(Method method, Class<?> containingClass,
      RSocketStrategies strategies, @Nullable StringValueResolver embeddedValueResolver) {

    RSocketExchange annot1 =
        AnnotatedElementUtils.findMergedAnnotation(containingClass, RSocketExchange.class);
    RSocketExchange annot2 = AnnotatedElementUtils.findMergedAnnotation(method, RSocketExchange.class);
    Assert.notNull(annot2, "Expected RSocketExchange annotation");

    String route1 = (annot1 != null ? annot1.value() : null);
    String route2 = annot2.value();
    if (embeddedValueResolver != null) {
      route1 = (route1 != null ? embeddedValueResolver.resolveStringValue(route1) : null);
      route2 = embeddedValueResolver.resolveStringValue(route2);
    }

    boolean hasRoute1 = StringUtils.hasText(route1);
    boolean hasRoute2 = StringUtils.hasText(route2);
    if (hasRoute1 && hasRoute2) {
      return strategies.routeMatcher().combine(route1, route2);
    }
    if (!hasRoute1 && !hasRoute2) {
      return null;
    }
    return (hasRoute2 ? route2 : route1);
  }

  private static Function<RSocketRequestValues, @Nullable Object> initResponseFunction(
      RSocketRequester requester, Method method, ReactiveAdapterRegistry reactiveRegistry,
      @Nullable Duration blockTimeout) {

    MethodParameter returnParam = new MethodParameter(method, -1);
    Class<?> returnType = returnParam.getParameterType();
    ReactiveAdapter reactiveAdapter = reactiveRegistry.getAdapter(returnType);

    MethodParameter actualParam =
        (reactiveAdapter != null ? returnParam.nested() : returnParam.nestedIfOptional());
    Class<?> actualType = actualParam.getNestedParameterType();

    Function<RSocketRequestValues, Publisher<?>> responseFunction;
    if (ClassUtils.isVoidType(actualType) || (reactiveAdapter != null && reactiveAdapter.isNoValue())) {
      responseFunction = values -> {
        RSocketRequester.RetrieveSpec retrieveSpec = initRequest(requester, values);
        return (values.getPayload() == null && values.getPayloadValue() == null
            ? ((RSocketRequester.RequestSpec) retrieveSpec).sendMetadata()
            : retrieveSpec.send());
      };
    } else if (reactiveAdapter == null) {
      responseFunction = values -> initRequest(requester, values).retrieveMono(actualType);
    } else {
      ParameterizedTypeReference<?> payloadType =
          ParameterizedTypeReference.forType(actualParam.getNestedGenericParameterType());
      responseFunction = values -> (reactiveAdapter.isMultiValue()
          ? initRequest(requester, values).retrieveFlux(payloadType)
          : initRequest(requester, values).retrieveMono(payloadType));
    }

    boolean blockForOptional = returnType.equals(Optional.class);
    return values -> {
      Publisher<?> responsePublisher = responseFunction.apply(values);
      if (reactiveAdapter != null) {
        return reactiveAdapter.fromPublisher(responsePublisher);
      }
      Mono<?> mono = (Mono<?>) responsePublisher;
      if (blockForOptional) {
        return (blockTimeout != null ? mono.blockOptional(blockTimeout) : mono.blockOptional());
      }
      return (blockTimeout != null ? mono.block(blockTimeout) : mono.block());
    };
  }

  private static RSocketRequester.RetrieveSpec initRequest(RSocketRequester requester,
      RSocketRequestValues requestValues) {

    RSocketRequester.RequestSpec spec;
    String route = requestValues.getRoute();
    Map<Object, MimeType> metadata = requestValues.getMetadata();

    if (StringUtils.hasText(route)) {
      spec = requester.route(route, requestValues.getRouteVariables());
      for (Map.Entry<Object, MimeType> entry : metadata.entrySet()) {
        spec.metadata(entry.getKey(), entry.getValue());
      }
    } else {
      Iterator<Map.Entry<Object, MimeType>> iterator = metadata.entrySet().iterator();
      Assert.isTrue(iterator.hasNext(), "Neither route nor metadata provided");
      Map.Entry<Object, MimeType> first = iterator.next();
      spec = requester.metadata(first.getKey(), first.getValue());
      // Spring's loop re-adds the first entry without advancing, and never ends with a second one
      while (iterator.hasNext()) {
        Map.Entry<Object, MimeType> entry = iterator.next();
        spec.metadata(entry.getKey(), entry.getValue());
      }
    }

    if (requestValues.getPayloadValue() != null) {
      spec.data(requestValues.getPayloadValue());
    } else if (requestValues.getPayload() != null) {
      ParameterizedTypeReference<?> elementType = requestValues.getPayloadElementType();
      Assert.notNull(elementType, "Publisher body element type is required");
      spec.data(requestValues.getPayload(), elementType);
    }
    return spec;
  }

  /** The interface method this implements. */
  Method getMethod() {
    return this.method;
  }

  /**
   * Performs the request for one invocation.
   *
   * @param arguments the arguments of the invocation
   * @return the response: an asynchronous type, or for a blocking method the value, an
   *     {@code Optional} or {@code null}
   */
  @Nullable Object invoke(@Nullable Object[] arguments) {
    RSocketRequestValues.Builder requestValues = RSocketRequestValues.builder(this.route);
    applyArguments(requestValues, arguments);
    return this.responseFunction.apply(requestValues.build());
  }

  private void applyArguments(RSocketRequestValues.Builder requestValues,
      @Nullable Object[] arguments) {
    Assert.isTrue(arguments.length == this.parameters.length, "Method argument mismatch");
    for (int i = 0; i < arguments.length; i++) {
      Object value = arguments[i];
      boolean resolved = false;
      for (RSocketServiceArgumentResolver resolver : this.argumentResolvers) {
        if (resolver.resolve(value, this.parameters[i], requestValues)) {
          resolved = true;
          break;
        }
      }
      int index = i;
      Assert.state(resolved,
          () -> formatArgumentError(this.parameters[index], "No suitable resolver"));
    }
  }

  private static String formatArgumentError(MethodParameter param, String message) {
    return "Could not resolve parameter [" + param.getParameterIndex() + "] in "
        + param.getExecutable().toGenericString()
        + (StringUtils.hasText(message) ? ": " + message : "");
  }
}

package dev.duplex.rsocket.messaging.service;

import dev.duplex.rsocket.messaging.RSocketRequester;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.ReactiveAdapterRegistry;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.messaging.rsocket.service.RSocketExchange;
import org.springframework.util.Assert;
import org.springframework.util.ReflectionUtils;
import org.springframework.util.StringValueResolver;

/**
 * Factory of client proxies for RSocket service interfaces with
 * {@link RSocketExchange @RSocketExchange} methods, which perform their requests through an
 * {@link RSocketRequester}; obtain one through {@link #builder(RSocketRequester)} or
 * {@link #builder()}.
 *
 * <pre>{@code
 * RSocketServiceProxyFactory factory = RSocketServiceProxyFactory.builder(requester).build();
 * RadarService service = factory.createClient(RadarService.class);
 * }</pre>
 *
 * <p>See {@link RSocketServiceMethod} for how return types map to interactions.
 */
public final class RSocketServiceProxyFactory {

  private final RSocketRequester rsocketRequester;

  private final List<RSocketServiceArgumentResolver> argumentResolvers;

  private final @Nullable StringValueResolver embeddedValueResolver;

  private final ReactiveAdapterRegistry reactiveAdapterRegistry;

  private final @Nullable Duration blockTimeout;

  private RSocketServiceProxyFactory(RSocketRequester rsocketRequester,
      List<RSocketServiceArgumentResolver> argumentResolvers,
      @Nullable StringValueResolver embeddedValueResolver,
      ReactiveAdapterRegistry reactiveAdapterRegistry, @Nullable Duration blockTimeout) {

    this.rsocketRequester = rsocketRequester;
    this.argumentResolvers = argumentResolvers;
    this.embeddedValueResolver = embeddedValueResolver;
    this.reactiveAdapterRegistry = reactiveAdapterRegistry;
    this.blockTimeout = blockTimeout;
  }

  /**
   * A proxy implementing {@code serviceType} that performs its {@code @RSocketExchange} methods
   * as RSocket requests through the configured {@link RSocketRequester}. Default methods run as
   * written; {@code equals}, {@code hashCode} and {@code toString} are the proxy's own.
   *
   * @param serviceType the RSocket service interface
   * @param <S> the RSocket service type
   * @return the proxy
   * @throws IllegalArgumentException if {@code serviceType} is not an interface
   */
  public <S> S createClient(Class<S> serviceType) {
    Assert.isTrue(serviceType.isInterface(), () -> "'" + serviceType.getName()
        + "' is not an interface; RSocket service clients are JDK proxies of interfaces");
    List<RSocketServiceMethod> serviceMethods =
        MethodIntrospector.selectMethods(serviceType, this::isExchangeMethod).stream()
            .map(method -> createRSocketServiceMethod(serviceType, method))
            .toList();
    Object proxy = Proxy.newProxyInstance(serviceType.getClassLoader(),
        new Class<?>[] {serviceType}, new ServiceMethodInvocationHandler(serviceMethods));
    return serviceType.cast(proxy);
  }

  private boolean isExchangeMethod(Method method) {
    return AnnotatedElementUtils.hasAnnotation(method, RSocketExchange.class);
  }

  private RSocketServiceMethod createRSocketServiceMethod(Class<?> serviceType, Method method) {
    return new RSocketServiceMethod(method, serviceType, this.argumentResolvers,
        this.rsocketRequester, this.embeddedValueResolver, this.reactiveAdapterRegistry,
        this.blockTimeout);
  }

  /** A builder initialized with {@code requester}. */
  public static Builder builder(RSocketRequester requester) {
    return new Builder().rsocketRequester(requester);
  }

  /** A builder; {@link Builder#rsocketRequester(RSocketRequester)} must be called before build. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builder of an {@link RSocketServiceProxyFactory}; not thread-safe. */
  public static final class Builder {

    private @Nullable RSocketRequester rsocketRequester;

    private final List<RSocketServiceArgumentResolver> customArgumentResolvers = new ArrayList<>();

    private @Nullable StringValueResolver embeddedValueResolver;

    private ReactiveAdapterRegistry reactiveAdapterRegistry =
        ReactiveAdapterRegistry.getSharedInstance();

    private @Nullable Duration blockTimeout;

    private Builder() {
    }

    /** The requester to perform requests through. */
    public Builder rsocketRequester(RSocketRequester requester) {
      this.rsocketRequester = requester;
      return this;
    }

    /** Registers a custom argument resolver, invoked ahead of the default ones. */
    public Builder customArgumentResolver(RSocketServiceArgumentResolver resolver) {
      this.customArgumentResolvers.add(resolver);
      return this;
    }

    /**
     * The resolver of placeholders and expressions embedded in {@link RSocketExchange#value()}.
     */
    public Builder embeddedValueResolver(StringValueResolver resolver) {
      this.embeddedValueResolver = resolver;
      return this;
    }

    /**
     * The registry of asynchronous types supported as arguments and return values; by default
     * {@link ReactiveAdapterRegistry#getSharedInstance()}.
     */
    public Builder reactiveAdapterRegistry(ReactiveAdapterRegistry registry) {
      this.reactiveAdapterRegistry = registry;
      return this;
    }

    /**
     * How long a method with a blocking signature ({@code T}, {@code Optional<T>}, {@code void})
     * waits for its response. Not set by default: it then waits as long as the connection lets
     * it (keepalive, the transport's timeouts), and configuring timeouts at the RSocket level
     * gives more control.
     */
    public Builder blockTimeout(@Nullable Duration blockTimeout) {
      this.blockTimeout = blockTimeout;
      return this;
    }

    /**
     * Builds the factory.
     *
     * @throws IllegalArgumentException if no requester was set
     */
    public RSocketServiceProxyFactory build() {
      RSocketRequester requester = this.rsocketRequester;
      Assert.notNull(requester, "RSocketRequester is required");
      return new RSocketServiceProxyFactory(requester, initArgumentResolvers(),
          this.embeddedValueResolver, this.reactiveAdapterRegistry, this.blockTimeout);
    }

    private List<RSocketServiceArgumentResolver> initArgumentResolvers() {
      // Custom
      List<RSocketServiceArgumentResolver> resolvers = new ArrayList<>(this.customArgumentResolvers);
      // Annotation-based
      resolvers.add(new PayloadArgumentResolver(this.reactiveAdapterRegistry, false));
      resolvers.add(new DestinationVariableArgumentResolver());
      // Type-based
      resolvers.add(new MetadataArgumentResolver());
      // Fallback
      resolvers.add(new PayloadArgumentResolver(this.reactiveAdapterRegistry, true));
      return List.copyOf(resolvers);
    }
  }

  /** Dispatches proxy calls to their {@link RSocketServiceMethod}. */
  private static final class ServiceMethodInvocationHandler implements InvocationHandler {

    private final Map<Method, RSocketServiceMethod> serviceMethods;

    private ServiceMethodInvocationHandler(List<RSocketServiceMethod> methods) {
      this.serviceMethods = methods.stream()
          .collect(Collectors.toMap(RSocketServiceMethod::getMethod, Function.identity()));
    }

    @Override
    public @Nullable Object invoke(Object proxy, Method method, @Nullable Object @Nullable [] args)
        throws Throwable {
      RSocketServiceMethod serviceMethod = this.serviceMethods.get(method);
      if (serviceMethod != null) {
        return serviceMethod.invoke(args != null ? args : new Object[0]);
      }
      if (method.isDefault()) {
        return InvocationHandler.invokeDefault(proxy, method, args);
      }
      if (ReflectionUtils.isEqualsMethod(method)) {
        return (args != null && proxy == args[0]);
      }
      if (ReflectionUtils.isHashCodeMethod(method)) {
        return System.identityHashCode(proxy);
      }
      if (ReflectionUtils.isToStringMethod(method)) {
        return "RSocket service client for "
            + proxy.getClass().getInterfaces()[0].getName();
      }
      throw new IllegalStateException("Unexpected method invocation: " + method);
    }
  }
}

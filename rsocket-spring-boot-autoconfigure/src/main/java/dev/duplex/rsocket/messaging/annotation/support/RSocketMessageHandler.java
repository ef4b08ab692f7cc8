package dev.duplex.rsocket.messaging.annotation.support;

import dev.duplex.rsocket.ConnectionSetupPayload;
import dev.duplex.rsocket.RSocket;
import dev.duplex.rsocket.SocketAcceptor;
import dev.duplex.rsocket.frame.FrameType;
import dev.duplex.rsocket.messaging.MetadataExtractor;
import dev.duplex.rsocket.messaging.RSocketRequester;
import dev.duplex.rsocket.messaging.RSocketStrategies;
import dev.duplex.rsocket.messaging.observation.DefaultRSocketResponderObservationConvention;
import dev.duplex.rsocket.messaging.observation.RSocketResponderObservationContext;
import dev.duplex.rsocket.messaging.observation.RSocketResponderObservationConvention;
import io.micrometer.observation.ObservationRegistry;
import java.lang.reflect.AnnotatedElement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.BeanUtils;
import org.springframework.core.MethodParameter;
import org.springframework.core.ReactiveAdapter;
import org.springframework.core.ReactiveAdapterRegistry;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.codec.Decoder;
import org.springframework.core.codec.Encoder;
import org.springframework.core.io.buffer.PooledDataBuffer;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageDeliveryException;
import org.springframework.messaging.handler.CompositeMessageCondition;
import org.springframework.messaging.handler.DestinationPatternsMessageCondition;
import org.springframework.messaging.handler.HandlerMethod;
import org.springframework.messaging.handler.MessageCondition;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.handler.annotation.reactive.MessageMappingMessageHandler;
import org.springframework.messaging.handler.annotation.reactive.PayloadMethodArgumentResolver;
import org.springframework.messaging.handler.invocation.reactive.HandlerMethodReturnValueHandler;
import org.springframework.messaging.rsocket.annotation.ConnectMapping;
import org.springframework.messaging.rsocket.service.RSocketExchange;
import org.springframework.util.Assert;
import org.springframework.util.MimeType;
import org.springframework.util.MimeTypeUtils;
import org.springframework.util.RouteMatcher;
import org.springframework.util.StringUtils;
import reactor.core.publisher.Mono;

/**
 * Extension of {@link MessageMappingMessageHandler} that serves {@code @MessageMapping},
 * {@code @ConnectMapping} and {@code @RSocketExchange} methods as an RSocket responder on the
 * engine, through the {@link SocketAcceptor} from {@link #responder()}; Spring's
 * {@code RSocketMessageHandler} with the same properties, mapping rules and error messages.
 *
 * <p>The interaction a {@code @MessageMapping} method serves follows its input and output
 * cardinality (see {@link RSocketFrameTypeMessageCondition#getCondition(int, int)}).
 * {@code @ConnectMapping} methods handle SETUP and METADATA_PUSH, must return {@code void} or a
 * {@code void} async type, and reject the connection with an error. By default handlers are the
 * beans annotated with {@code @Controller}.
 *
 * <p>Codecs, route matcher, metadata extractor and reactive adapters come from an
 * {@link RSocketStrategies} ({@link #setRSocketStrategies}); setting any of them one by one
 * updates the strategies, so {@link #getRSocketStrategies()} can configure a client requester.
 */
public class RSocketMessageHandler extends MessageMappingMessageHandler {

  private final List<Encoder<?>> encoders = new ArrayList<>();

  private RSocketStrategies strategies = RSocketStrategies.create();

  private @Nullable MimeType defaultDataMimeType;

  private MimeType defaultMetadataMimeType = MetadataExtractor.COMPOSITE_METADATA;

  private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

  private @Nullable RSocketResponderObservationConvention observationConvention;

  /** A handler with {@link RSocketStrategies#create() default strategies}. */
  public RSocketMessageHandler() {
    setRSocketStrategies(this.strategies);
  }

  /**
   * Configures the encoders for handler method return values; also replaces the encoders of the
   * {@link #getRSocketStrategies() strategies}. Defaults to those of the strategies.
   */
  public void setEncoders(List<? extends Encoder<?>> encoders) {
    this.encoders.clear();
    this.encoders.addAll(encoders);
    this.strategies = this.strategies.mutate()
        .encoders(list -> {
          list.clear();
          list.addAll(encoders);
        })
        .build();
  }

  /** The configured {@link #setEncoders(List) encoders}. */
  public List<? extends Encoder<?>> getEncoders() {
    return this.encoders;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Also replaces the decoders of the {@link #getRSocketStrategies() strategies}.
   */
  @Override
  public void setDecoders(List<? extends Decoder<?>> decoders) {
    super.setDecoders(decoders);
    this.strategies = this.strategies.mutate()
        .decoders(list -> {
          list.clear();
          list.addAll(decoders);
        })
        .build();
  }

  /**
   * {@inheritDoc}
   *
   * <p>Also replaces the route matcher of the {@link #getRSocketStrategies() strategies}.
   */
  @Override
  public void setRouteMatcher(@Nullable RouteMatcher routeMatcher) {
    super.setRouteMatcher(routeMatcher);
    this.strategies = this.strategies.mutate().routeMatcher(routeMatcher).build();
  }

  /**
   * {@inheritDoc}
   *
   * <p>Also replaces the registry of the {@link #getRSocketStrategies() strategies}.
   */
  @Override
  public void setReactiveAdapterRegistry(ReactiveAdapterRegistry registry) {
    super.setReactiveAdapterRegistry(registry);
    this.strategies = this.strategies.mutate().reactiveAdapterStrategy(registry).build();
  }

  /**
   * Configures the {@link MetadataExtractor} that extracts the route and other metadata; also
   * replaces the extractor of the {@link #getRSocketStrategies() strategies}.
   */
  public void setMetadataExtractor(MetadataExtractor extractor) {
    this.strategies = this.strategies.mutate().metadataExtractor(extractor).build();
  }

  /** The configured {@link #setMetadataExtractor MetadataExtractor}. */
  public MetadataExtractor getMetadataExtractor() {
    return this.strategies.metadataExtractor();
  }

  /**
   * Configures this handler from {@code rsocketStrategies}, which can also configure a client
   * {@link RSocketRequester}: sets the encoders, decoders, route matcher, metadata extractor and
   * reactive adapter registry. Defaults to {@link RSocketStrategies#create()}.
   */
  public void setRSocketStrategies(RSocketStrategies rsocketStrategies) {
    this.strategies = rsocketStrategies;
    this.encoders.clear();
    this.encoders.addAll(this.strategies.encoders());
    super.setDecoders(this.strategies.decoders());
    super.setRouteMatcher(this.strategies.routeMatcher());
    super.setReactiveAdapterRegistry(this.strategies.reactiveAdapterRegistry());
  }

  /** The {@link #setRSocketStrategies configured} strategies, reflecting later changes. */
  public RSocketStrategies getRSocketStrategies() {
    return this.strategies;
  }

  /**
   * Configures the data MIME type to use if the SETUP frame did not specify one. Not set by
   * default.
   */
  public void setDefaultDataMimeType(@Nullable MimeType mimeType) {
    this.defaultDataMimeType = mimeType;
  }

  /** The configured {@link #setDefaultDataMimeType defaultDataMimeType}, or {@code null}. */
  public @Nullable MimeType getDefaultDataMimeType() {
    return this.defaultDataMimeType;
  }

  /**
   * Configures the metadata MIME type to use if the SETUP frame did not specify one; by default
   * {@code "message/x.rsocket.composite-metadata.v0"}.
   */
  public void setDefaultMetadataMimeType(MimeType mimeType) {
    Assert.notNull(mimeType, "'metadataMimeType' is required");
    this.defaultMetadataMimeType = mimeType;
  }

  /** The configured {@link #setDefaultMetadataMimeType defaultMetadataMimeType}. */
  public MimeType getDefaultMetadataMimeType() {
    return this.defaultMetadataMimeType;
  }

  /**
   * Configures the registry to observe requests with: each request (not the SETUP) is an
   * observation named {@code rsocket.responder.requests} by default, that continues the trace in
   * the request's composite metadata and is in the Reactor context of the handler method. The
   * requester handlers are given for calls back to the client observes those calls with it too.
   * By default {@link ObservationRegistry#NOOP}: requests are not observed and cost nothing extra.
   */
  public void setObservationRegistry(ObservationRegistry observationRegistry) {
    Assert.notNull(observationRegistry, "'observationRegistry' is required");
    this.observationRegistry = observationRegistry;
  }

  /** The configured {@link #setObservationRegistry ObservationRegistry}. */
  public ObservationRegistry getObservationRegistry() {
    return this.observationRegistry;
  }

  /**
   * Configures the convention that names and tags the observations of requests; by default a
   * {@link DefaultRSocketResponderObservationConvention}.
   */
  public void setObservationConvention(
      @Nullable RSocketResponderObservationConvention observationConvention) {
    this.observationConvention = observationConvention;
  }

  /** The configured {@link #setObservationConvention convention}, or {@code null}. */
  public @Nullable RSocketResponderObservationConvention getObservationConvention() {
    return this.observationConvention;
  }

  @Override
  public void afterPropertiesSet() {
    // Add the argument resolver before the parent initializes argument resolution
    getArgumentResolverConfigurer().addCustomResolver(new RSocketRequesterMethodArgumentResolver());
    getArgumentResolverConfigurer().addCustomResolver(new ResponseMetadataArgumentResolver());

    super.afterPropertiesSet();

    getHandlerMethods().forEach((composite, handler) -> {
      if (composite.getMessageConditions()
          .contains(RSocketFrameTypeMessageCondition.CONNECT_CONDITION)) {
        MethodParameter returnType = handler.getReturnType();
        if (getCardinality(returnType) > 0) {
          throw new IllegalStateException("Invalid @ConnectMapping method. "
              + "Return type must be void or a void async type: " + handler);
        }
      }
    });
  }

  @Override
  protected List<? extends HandlerMethodReturnValueHandler> initReturnValueHandlers() {
    List<HandlerMethodReturnValueHandler> handlers = new ArrayList<>();
    handlers.add(new RSocketPayloadReturnValueHandler(this.encoders, getReactiveAdapterRegistry()));
    handlers.addAll(getReturnValueHandlerConfigurer().getCustomHandlers());
    return handlers;
  }

  @Override
  protected @Nullable CompositeMessageCondition getCondition(AnnotatedElement element) {
    MessageMapping ann1 = AnnotatedElementUtils.findMergedAnnotation(element, MessageMapping.class);
    if (ann1 != null && ann1.value().length > 0) {
      return new CompositeMessageCondition(
          RSocketFrameTypeMessageCondition.EMPTY_CONDITION,
          new DestinationPatternsMessageCondition(
              processDestinations(ann1.value()), obtainRouteMatcher()));
    }
    ConnectMapping ann2 = AnnotatedElementUtils.findMergedAnnotation(element, ConnectMapping.class);
    if (ann2 != null) {
      String[] patterns = processDestinations(ann2.value());
      return new CompositeMessageCondition(
          RSocketFrameTypeMessageCondition.CONNECT_CONDITION,
          new DestinationPatternsMessageCondition(patterns, obtainRouteMatcher()));
    }
    RSocketExchange ann3 = AnnotatedElementUtils.findMergedAnnotation(element, RSocketExchange.class);
    if (ann3 != null && StringUtils.hasText(ann3.value())) {
      String[] destinations = new String[] {ann3.value()};
      return new CompositeMessageCondition(
          RSocketFrameTypeMessageCondition.EMPTY_CONDITION,
          new DestinationPatternsMessageCondition(
              processDestinations(destinations), obtainRouteMatcher()));
    }
    return null;
  }

  @Override
  protected CompositeMessageCondition extendMapping(
      CompositeMessageCondition composite, HandlerMethod handler) {

    List<MessageCondition<?>> conditions = composite.getMessageConditions();
    Assert.isTrue(conditions.size() == 2
            && conditions.get(0) instanceof RSocketFrameTypeMessageCondition
            && conditions.get(1) instanceof DestinationPatternsMessageCondition,
        "Unexpected message condition types");

    if (conditions.get(0) != RSocketFrameTypeMessageCondition.EMPTY_CONDITION) {
      return composite;
    }

    int responseCardinality = getCardinality(handler.getReturnType());
    int requestCardinality = 0;
    for (MethodParameter parameter : handler.getMethodParameters()) {
      if (getArgumentResolvers().getArgumentResolver(parameter)
          instanceof PayloadMethodArgumentResolver) {
        requestCardinality = getCardinality(parameter);
      }
    }

    return new CompositeMessageCondition(
        RSocketFrameTypeMessageCondition.getCondition(requestCardinality, responseCardinality),
        conditions.get(1));
  }

  private int getCardinality(MethodParameter parameter) {
    Class<?> clazz = parameter.getParameterType();
    ReactiveAdapter adapter = getReactiveAdapterRegistry().getAdapter(clazz);
    if (adapter == null) {
      return clazz.equals(void.class) ? 0 : 1;
    } else if (parameter.nested().getNestedParameterType().equals(Void.class)) {
      return 0;
    } else {
      return adapter.isMultiValue() ? 2 : 1;
    }
  }

  /** Records the matched route pattern in the request's observation context, if observed. */
  @Override
  protected Mono<Void> handleMatch(
      CompositeMessageCondition mapping, HandlerMethod handlerMethod, Message<?> message) {
    RSocketResponderObservationContext observationContext =
        RSocketResponderObservationContext.findCurrent(message.getHeaders());
    if (observationContext != null) {
      Set<String> patterns =
          mapping.getCondition(DestinationPatternsMessageCondition.class).getPatterns();
      if (!patterns.isEmpty()) {
        observationContext.setRoutePattern(patterns.iterator().next());
      }
    }
    return super.handleMatch(mapping, handlerMethod, message);
  }

  @Override
  protected void handleNoMatch(RouteMatcher.@Nullable Route destination, Message<?> message) {
    FrameType frameType = RSocketFrameTypeMessageCondition.getFrameType(message);
    if (frameType == FrameType.SETUP || frameType == FrameType.METADATA_PUSH) {
      if (frameType == FrameType.SETUP && message.getPayload() instanceof PooledDataBuffer buffer) {
        buffer.release();
      }
      return; // optional handling
    }
    if (frameType == FrameType.REQUEST_FNF) {
      // Can't propagate the error to the client, so just log
      logger.warn("No handler for fireAndForget to '" + destination + "'");
      return;
    }

    Set<FrameType> frameTypes = getHandlerMethods().keySet().stream()
        .map(CompositeMessageCondition::getMessageConditions)
        .filter(conditions -> conditions.get(1).getMatchingCondition(message) != null)
        .map(conditions -> (RSocketFrameTypeMessageCondition) conditions.get(0))
        .flatMap(condition -> condition.getFrameTypes().stream())
        .collect(Collectors.toSet());

    throw new MessageDeliveryException(frameTypes.isEmpty()
        ? "No handler for destination '" + destination + "'"
        : "Destination '" + destination + "' does not support " + frameType + ". "
            + "Supported interaction(s): " + frameTypes);
  }

  /**
   * An engine {@link SocketAcceptor} backed by this handler, for a server
   * ({@code RSocketServer.create(handler.responder())}) or a client
   * ({@code RSocketConnector.acceptor(...)}).
   *
   * <p>The SETUP is checked first: a data MIME type no encoder supports rejects the connection
   * ("Data MimeType '...' not supported"). Then {@code @ConnectMapping} methods handle it; they
   * may be asynchronous and return {@code Mono<Void>}, whose error rejects the connection with
   * REJECTED_SETUP and the error's message. Such a method may start requests to the client through
   * an injected {@link RSocketRequester}, decoupled from handling. Later requests on the
   * connection go to {@code @MessageMapping} and {@code @RSocketExchange} methods.
   */
  public SocketAcceptor responder() {
    return (setupPayload, sendingRSocket) -> {
      MessagingRSocket responder;
      try {
        responder = createResponder(setupPayload, sendingRSocket);
      } catch (Throwable ex) {
        return Mono.error(ex);
      }
      return responder.handleConnectionSetupPayload(setupPayload).then(Mono.just(responder));
    };
  }

  private MessagingRSocket createResponder(ConnectionSetupPayload setupPayload, RSocket rsocket) {
    String str = setupPayload.dataMimeType();
    MimeType dataMimeType = StringUtils.hasText(str)
        ? MimeTypeUtils.parseMimeType(str) : this.defaultDataMimeType;
    Assert.notNull(dataMimeType, "No `dataMimeType` in ConnectionSetupPayload and no default value");
    Assert.isTrue(isDataMimeTypeSupported(dataMimeType),
        () -> "Data MimeType '" + dataMimeType + "' not supported");

    str = setupPayload.metadataMimeType();
    MimeType metaMimeType = StringUtils.hasText(str)
        ? MimeTypeUtils.parseMimeType(str) : this.defaultMetadataMimeType;
    Assert.notNull(metaMimeType,
        "No `metadataMimeType` in ConnectionSetupPayload and no default value");

    RSocketRequester requester = RSocketRequester.wrap(rsocket, dataMimeType, metaMimeType,
        this.strategies, this.observationRegistry);
    return new MessagingRSocket(dataMimeType, metaMimeType, getMetadataExtractor(),
        requester, this, obtainRouteMatcher(), this.strategies, this.observationRegistry,
        this.observationConvention);
  }

  private boolean isDataMimeTypeSupported(MimeType dataMimeType) {
    for (Encoder<?> encoder : getEncoders()) {
      for (MimeType encodable : encoder.getEncodableMimeTypes()) {
        if (encodable.isCompatibleWith(dataMimeType)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * A {@link SocketAcceptor} backed by {@code candidateHandlers}, for a client-side responder;
   * a shortcut for a new handler with {@code setHandlers}, {@code setRSocketStrategies},
   * {@code afterPropertiesSet} and {@link #responder()}:
   *
   * <pre>{@code
   * SocketAcceptor responder = RSocketMessageHandler.responder(strategies, new ClientHandler());
   *
   * RSocketRequester.builder()
   *     .rsocketConnector(connector -> connector.acceptor(responder))
   *     .tcp("localhost", port);
   * }</pre>
   *
   * <p>Spring's returns rsocket-java's {@code SocketAcceptor} too. Since the engine's connector is
   * immutable, the connector configurer returns {@code connector.acceptor(responder)} rather than
   * mutating the connector, so the snippet above reads the same.
   *
   * @param strategies the strategies to set on the handler
   * @param candidateHandlers a list of objects or classes with annotated handler methods, used
   *     regardless of the handler predicate ({@code @Controller} by default)
   * @return the acceptor, to plug into a connector
   */
  public static SocketAcceptor responder(
      RSocketStrategies strategies, Object... candidateHandlers) {

    Assert.notEmpty(candidateHandlers, "No handlers");
    List<Object> handlers = new ArrayList<>(candidateHandlers.length);
    for (Object obj : candidateHandlers) {
      handlers.add(obj instanceof Class<?> clazz ? BeanUtils.instantiateClass(clazz) : obj);
    }

    RSocketMessageHandler handler = new RSocketMessageHandler();
    handler.setHandlers(handlers);
    handler.setRSocketStrategies(strategies);
    handler.afterPropertiesSet();
    return handler.responder();
  }
}

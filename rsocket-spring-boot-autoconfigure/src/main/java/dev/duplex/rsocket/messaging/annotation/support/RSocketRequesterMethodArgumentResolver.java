package dev.duplex.rsocket.messaging.annotation.support;

import dev.duplex.rsocket.RSocket;
import dev.duplex.rsocket.messaging.RSocketRequester;
import org.springframework.core.MethodParameter;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.invocation.reactive.HandlerMethodArgumentResolver;
import org.springframework.util.Assert;
import reactor.core.publisher.Mono;

/**
 * Resolves a handler method argument of type {@link RSocketRequester} or {@link RSocket} (such as
 * the connection, an {@link dev.duplex.rsocket.RSocketConnection}) from the
 * {@link #RSOCKET_REQUESTER_HEADER} header, to send requests to the remote peer; Spring's
 * {@code RSocketRequesterMethodArgumentResolver} for the engine.
 */
public class RSocketRequesterMethodArgumentResolver implements HandlerMethodArgumentResolver {

  /**
   * Message header name that is expected to have the {@link RSocketRequester} to initiate new
   * interactions to the remote peer with.
   */
  public static final String RSOCKET_REQUESTER_HEADER = "rsocketRequester";

  @Override
  public boolean supportsParameter(MethodParameter parameter) {
    Class<?> type = parameter.getParameterType();
    return (RSocketRequester.class.equals(type) || RSocket.class.isAssignableFrom(type));
  }

  @Override
  public Mono<Object> resolveArgument(MethodParameter parameter, Message<?> message) {
    Object headerValue = message.getHeaders().get(RSOCKET_REQUESTER_HEADER);
    Assert.notNull(headerValue, "Missing '" + RSOCKET_REQUESTER_HEADER + "'");

    Assert.isInstanceOf(RSocketRequester.class, headerValue,
        "Expected header value of type RSocketRequester");
    RSocketRequester requester = (RSocketRequester) headerValue;

    Class<?> type = parameter.getParameterType();
    if (RSocketRequester.class.equals(type)) {
      return Mono.just(requester);
    } else if (RSocket.class.isAssignableFrom(type)) {
      RSocket rsocket = requester.rsocket();
      if (!type.isInstance(rsocket)) {
        return Mono.error(new IllegalArgumentException("Expected an RSocket of type "
            + type.getName() + " but the requester's is " + rsocket.getClass().getName()
            + ": " + parameter));
      }
      return Mono.just(rsocket);
    } else {
      return Mono.error(new IllegalArgumentException("Unexpected parameter type: " + parameter));
    }
  }
}

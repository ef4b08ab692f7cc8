package dev.duplex.rsocket.messaging.annotation.support;

import dev.duplex.rsocket.messaging.ResponseMetadata;
import org.springframework.core.MethodParameter;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.invocation.reactive.SyncHandlerMethodArgumentResolver;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.util.Assert;

/**
 * Resolves a {@link ResponseMetadata} argument: a new, empty one, kept in the message's
 * {@link ResponseMetadata#HEADER} header where {@link RSocketPayloadReturnValueHandler} finds it
 * and sends its entries as the response's metadata. Beyond Spring (spring-framework#27478).
 */
public class ResponseMetadataArgumentResolver implements SyncHandlerMethodArgumentResolver {

  @Override
  public boolean supportsParameter(MethodParameter parameter) {
    return ResponseMetadata.class.equals(parameter.getParameterType());
  }

  @Override
  public Object resolveArgumentValue(MethodParameter parameter, Message<?> message) {
    MessageHeaderAccessor headers =
        MessageHeaderAccessor.getAccessor(message, MessageHeaderAccessor.class);
    Assert.state(headers != null && headers.isMutable(),
        "ResponseMetadata needs the mutable headers of a request handled by RSocketMessageHandler");
    ResponseMetadata metadata = new ResponseMetadata();
    headers.setHeader(ResponseMetadata.HEADER, metadata);
    return metadata;
  }
}

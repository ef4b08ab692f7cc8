package dev.duplex.rsocket.messaging.annotation.support;

import dev.duplex.rsocket.Payload;
import dev.duplex.rsocket.messaging.PayloadUtils;
import dev.duplex.rsocket.messaging.RSocketRequester;
import dev.duplex.rsocket.messaging.ResponseMetadata;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import org.springframework.core.ReactiveAdapterRegistry;
import org.springframework.core.codec.Encoder;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.invocation.reactive.AbstractEncoderMethodReturnValueHandler;
import org.springframework.util.Assert;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Encodes the return value of a handler method into response payloads with the message's content
 * type (the connection's data MIME type), and hands the resulting {@code Flux<Payload>} to the
 * {@link AtomicReference} in the {@link #RESPONSE_HEADER} header; Spring's
 * {@code RSocketPayloadReturnValueHandler} on the engine's {@link Payload}.
 *
 * <p>Buffers: each encoded {@code DataBuffer} becomes a payload without copying when Netty-backed
 * (see {@link PayloadUtils#createPayload(DataBuffer)}); the payloads are the engine's to release
 * once written.
 */
public class RSocketPayloadReturnValueHandler extends AbstractEncoderMethodReturnValueHandler {

  /**
   * Message header name that is expected to have an {@link AtomicReference} which will receive the
   * {@code Flux<Payload>} that represents the response.
   */
  public static final String RESPONSE_HEADER = "rsocketResponse";

  /** A handler that encodes with {@code encoders} and adapts with {@code registry}. */
  public RSocketPayloadReturnValueHandler(List<Encoder<?>> encoders, ReactiveAdapterRegistry registry) {
    super(encoders, registry);
  }

  @Override
  protected Mono<Void> handleEncodedContent(
      Flux<DataBuffer> encodedContent, MethodParameter returnType, Message<?> message) {

    AtomicReference<Flux<Payload>> responseRef = getResponseReference(message);
    Assert.notNull(responseRef, "Missing '" + RESPONSE_HEADER + "'");
    Object metadata = message.getHeaders().get(ResponseMetadata.HEADER);
    Object requester = message.getHeaders()
        .get(RSocketRequesterMethodArgumentResolver.RSOCKET_REQUESTER_HEADER);
    if (metadata instanceof ResponseMetadata responseMetadata
        && requester instanceof RSocketRequester connection) {
      responseRef.set(withMetadata(encodedContent, responseMetadata, connection));
    } else {
      responseRef.set(encodedContent.map(PayloadUtils::createPayload));
    }
    return Mono.empty();
  }

  /**
   * The response payloads, the first carrying the handler's {@link ResponseMetadata}, encoded
   * once that first payload is ready (the handler may add entries until then).
   */
  private static Flux<Payload> withMetadata(Flux<DataBuffer> encodedContent,
      ResponseMetadata metadata, RSocketRequester connection) {
    return encodedContent.index().concatMap(indexed -> {
      DataBuffer data = indexed.getT2();
      if (indexed.getT1() > 0 || metadata.isEmpty()) {
        return Mono.just(PayloadUtils.createPayload(data));
      }
      Mono<DataBuffer> encoded;
      try {
        encoded = metadata.encode(connection.metadataMimeType(), connection.strategies());
      } catch (RuntimeException e) {
        DataBufferUtils.release(data);
        return Mono.error(e);
      }
      return encoded
          .map(buffer -> PayloadUtils.createPayload(data, buffer))
          .doOnError(e -> DataBufferUtils.release(data));
    });
  }

  @Override
  protected Mono<Void> handleNoContent(MethodParameter returnType, Message<?> message) {
    AtomicReference<Flux<Payload>> responseRef = getResponseReference(message);
    if (responseRef != null) {
      responseRef.set(Flux.empty());
    }
    return Mono.empty();
  }

  @SuppressWarnings("unchecked")
  private @Nullable AtomicReference<Flux<Payload>> getResponseReference(Message<?> message) {
    Object headerValue = message.getHeaders().get(RESPONSE_HEADER);
    Assert.state(headerValue == null || headerValue instanceof AtomicReference,
        "Expected AtomicReference");
    return (AtomicReference<Flux<Payload>>) headerValue;
  }
}

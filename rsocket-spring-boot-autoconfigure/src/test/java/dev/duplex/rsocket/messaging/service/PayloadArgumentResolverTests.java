package dev.duplex.rsocket.messaging.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import org.springframework.core.MethodParameter;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.ReactiveAdapterRegistry;
import org.springframework.core.ReactiveTypeDescriptor;
import org.springframework.messaging.handler.annotation.Payload;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Tests for {@link PayloadArgumentResolver}; a port of Spring's
 * {@code PayloadArgumentResolverTests}, with {@code CompletableFuture} in place of RxJava's
 * {@code Single} and a registered no-value type in place of its {@code Completable} (RxJava is
 * not on our test classpath).
 */
class PayloadArgumentResolverTests extends RSocketServiceArgumentResolverTestSupport {

  @Override
  protected RSocketServiceArgumentResolver initResolver() {
    ReactiveAdapterRegistry registry = new ReactiveAdapterRegistry();
    registry.registerReactiveType(ReactiveTypeDescriptor.noValue(Completion.class, Completion::new),
        source -> Mono.empty(), publisher -> new Completion());
    return new PayloadArgumentResolver(registry, false);
  }

  @Test
  void stringPayload() {
    String payload = "payloadValue";
    boolean resolved = execute(payload, initMethodParameter(Service.class, "execute", 0));

    assertPayload(resolved, payload);
  }

  @Test
  void monoPayload() {
    Mono<String> payloadMono = Mono.just("payloadValue");
    boolean resolved = execute(payloadMono, initMethodParameter(Service.class, "executeMono", 0));

    assertPayloadMono(resolved, payloadMono);
  }

  @Test
  void fluxPayload() {
    Flux<String> payloadFlux = Flux.just("a", "b");
    boolean resolved = execute(payloadFlux, initMethodParameter(Service.class, "executeFlux", 0));

    assertThat(resolved).isTrue();
    assertThat(getRequestValues().getPayload()).isSameAs(payloadFlux);
    assertThat(getRequestValues().getPayloadElementType())
        .isEqualTo(new ParameterizedTypeReference<String>() { });
  }

  @Test
  @SuppressWarnings("unchecked")
  void completableFuturePayload() {
    boolean resolved = execute(CompletableFuture.completedFuture("bodyValue"),
        initMethodParameter(Service.class, "executeFuture", 0));

    assertThat(resolved).isTrue();
    assertThat(getRequestValues().getPayloadValue()).isNull();
    assertThat(getRequestValues().getPayloadElementType())
        .isEqualTo(new ParameterizedTypeReference<String>() { });

    Publisher<?> payload = getRequestValues().getPayload();
    assertThat(payload).isNotNull();
    assertThat(((Mono<String>) payload).block()).isEqualTo("bodyValue");
  }

  @Test
  void monoVoid() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> execute(Mono.empty(),
            initMethodParameter(Service.class, "executeMonoVoid", 0)))
        .withMessage("Async type for @Payload should produce value(s)");
  }

  @Test
  void noValueType() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> execute(new Completion(),
            initMethodParameter(Service.class, "executeCompletion", 0)))
        .withMessage("Async type for @Payload should produce value(s)");
  }

  @Test
  void notPayload() {
    MethodParameter parameter = initMethodParameter(Service.class, "executeNotAnnotated", 0);
    boolean resolved = execute("value", parameter);

    assertThat(resolved).isFalse();
  }

  @Test
  void notAnnotatedWithDefaultResolution() {
    PayloadArgumentResolver resolver =
        new PayloadArgumentResolver(ReactiveAdapterRegistry.getSharedInstance(), true);
    RSocketRequestValues.Builder builder = RSocketRequestValues.builder(null);

    boolean resolved = resolver.resolve("value",
        initMethodParameter(Service.class, "executeNotAnnotated", 0), builder);

    assertThat(resolved).isTrue();
    assertThat(builder.build().getPayloadValue()).isEqualTo("value");
  }

  @Test
  void nullPayload() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> execute(null, initMethodParameter(Service.class, "execute", 0)))
        .withMessage("Missing payload");

    assertThatIllegalArgumentException()
        .isThrownBy(() -> execute(null, initMethodParameter(Service.class, "executeMono", 0)))
        .withMessage("Missing payload");
  }

  @Test
  void nullPayloadWithNullable() {
    boolean resolved = execute(null, initMethodParameter(Service.class, "executeNullable", 0));
    assertNullValues(resolved);

    boolean resolvedMono =
        execute(null, initMethodParameter(Service.class, "executeNullableMono", 0));
    assertNullValues(resolvedMono);
  }

  @Test
  void nullPayloadWithNotRequired() {
    boolean resolved = execute(null, initMethodParameter(Service.class, "executeNotRequired", 0));
    assertNullValues(resolved);

    boolean resolvedMono =
        execute(null, initMethodParameter(Service.class, "executeNotRequiredMono", 0));
    assertNullValues(resolvedMono);
  }

  @Test
  void requiresRegistry() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new PayloadArgumentResolver(nullRegistry(), false))
        .withMessage("ReactiveAdapterRegistry is required");
  }

  @SuppressWarnings("NullAway")
  private static ReactiveAdapterRegistry nullRegistry() {
    return null;
  }

  private void assertPayload(boolean resolved, String payload) {
    assertThat(resolved).isTrue();
    assertThat(getRequestValues().getPayloadValue()).isEqualTo(payload);
    assertThat(getRequestValues().getPayload()).isNull();
  }

  private void assertPayloadMono(boolean resolved, Mono<String> payloadMono) {
    assertThat(resolved).isTrue();
    assertThat(getRequestValues().getPayloadValue()).isNull();
    assertThat(getRequestValues().getPayload()).isSameAs(payloadMono);
    assertThat(getRequestValues().getPayloadElementType())
        .isEqualTo(new ParameterizedTypeReference<String>() { });
  }

  private void assertNullValues(boolean resolved) {
    assertThat(resolved).isTrue();
    assertThat(getRequestValues().getPayloadValue()).isNull();
    assertThat(getRequestValues().getPayload()).isNull();
    assertThat(getRequestValues().getPayloadElementType()).isNull();
  }

  /** A no-value asynchronous type, standing in for RxJava's {@code Completable}. */
  static final class Completion {
  }

  @SuppressWarnings("unused")
  private interface Service {

    void execute(@Payload String body);

    void executeNotRequired(@Payload(required = false) String body);

    void executeNullable(@Nullable @Payload String body);

    void executeMono(@Payload Mono<String> body);

    void executeFlux(@Payload Flux<String> body);

    void executeNullableMono(@Nullable @Payload Mono<String> body);

    void executeNotRequiredMono(@Payload(required = false) Mono<String> body);

    void executeFuture(@Payload CompletableFuture<String> body);

    void executeMonoVoid(@Payload Mono<Void> body);

    void executeCompletion(@Payload Completion body);

    void executeNotAnnotated(String body);
  }
}

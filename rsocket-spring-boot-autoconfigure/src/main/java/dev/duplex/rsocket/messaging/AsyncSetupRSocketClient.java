package dev.duplex.rsocket.messaging;

import dev.duplex.rsocket.Closeable;
import dev.duplex.rsocket.Payload;
import dev.duplex.rsocket.RSocket;
import dev.duplex.rsocket.core.RSocketClient;
import dev.duplex.rsocket.core.RSocketConnector;
import dev.duplex.rsocket.transport.ClientTransport;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The {@code RSocket} of a client requester whose setup payload has asynchronous values: on the
 * first request it resolves the setup payload, makes the {@link RSocketClient} with it, and from
 * then on sends every request through that client.
 *
 * <p>The engine's connector takes a setup payload, not a {@code Mono} of one, so the client cannot
 * exist before the values have resolved. If resolving fails, that request fails and the next one
 * tries again. A request's payload (consumed) is released if it never reaches the client.
 */
final class AsyncSetupRSocketClient implements RSocket, Closeable {

  private final Mono<RSocketClient> client;

  private final Sinks.Empty<Void> closed = Sinks.empty();

  private volatile @Nullable RSocketClient resolved;

  private volatile boolean disposed;

  /**
   * A client that connects with {@code connector} through {@code transport}.
   *
   * @param setupPayload the setup payload, resolved on the first request (its payload is
   *     consumed by the connector)
   */
  AsyncSetupRSocketClient(Mono<Payload> setupPayload, RSocketConnector connector,
      ClientTransport transport) {
    this.client = Mono.defer(() -> this.disposed
            ? Mono.<RSocketClient>error(new IllegalStateException("The RSocketClient is disposed"))
            : setupPayload.map(payload -> connector.setupPayload(payload).toClient(transport)))
        .doOnNext(this::created)
        .cacheInvalidateIf(created -> false);
  }

  private void created(RSocketClient created) {
    this.resolved = created;
    if (this.disposed) {
      dispose();
    }
  }

  /** The client, or {@code null} while the setup values have not resolved. */
  @Nullable RSocketClient client() {
    return this.resolved;
  }

  @Override
  public Mono<Void> fireAndForget(Payload payload) {
    return on(payload, c -> c.fireAndForget(payload)).then();
  }

  @Override
  public Mono<Payload> requestResponse(Payload payload) {
    return on(payload, c -> c.requestResponse(payload)).next();
  }

  @Override
  public Flux<Payload> requestStream(Payload payload) {
    return on(payload, c -> c.requestStream(payload));
  }

  @Override
  public Flux<Payload> requestChannel(Publisher<Payload> payloads) {
    return this.client.flatMapMany(c -> c.requestChannel(payloads));
  }

  @Override
  public Mono<Void> metadataPush(Payload payload) {
    return on(payload, c -> c.metadataPush(payload)).then();
  }

  /** Runs {@code request} on the client; releases the payload if it never gets that far. */
  private <T> Flux<T> on(Payload payload, Function<RSocketClient, Publisher<T>> request) {
    AtomicBoolean handedOver = new AtomicBoolean();
    return this.client
        .flatMapMany(c -> {
          handedOver.set(true);
          return request.apply(c);
        })
        .doFinally(signal -> {
          if (handedOver.compareAndSet(false, true)) {
            payload.release();
          }
        });
  }

  @Override
  public Mono<Void> onClose() {
    return this.closed.asMono();
  }

  @Override
  public void dispose() {
    this.disposed = true;
    RSocketClient live = this.resolved;
    if (live == null) {
      this.closed.tryEmitEmpty();
      return;
    }
    live.dispose();
    live.onClose().onErrorComplete().subscribe(null, null, this.closed::tryEmitEmpty);
  }

  @Override
  public boolean isDisposed() {
    return this.disposed;
  }

  @Override
  public String toString() {
    RSocketClient live = this.resolved;
    return "AsyncSetupRSocketClient[" + (live != null ? live : "setup pending") + "]";
  }
}

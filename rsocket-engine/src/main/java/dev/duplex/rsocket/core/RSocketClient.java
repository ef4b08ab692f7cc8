package dev.duplex.rsocket.core;

import dev.duplex.rsocket.Closeable;
import dev.duplex.rsocket.Payload;
import dev.duplex.rsocket.RSocket;
import dev.duplex.rsocket.RSocketConnection;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * A client that connects lazily, on its first request, shares that connection among all
 * requests, and connects again on the next request once the connection is lost (with the
 * connector's reconnect backoff, if any). Made by {@link RSocketConnector#toClient}.
 *
 * <p>A request's payload is released if no connection could be had for it.
 */
public final class RSocketClient implements RSocket, Closeable {

  private final Mono<RSocketConnection> connection;
  private final AtomicReference<@Nullable RSocketConnection> current = new AtomicReference<>();
  private final Sinks.Empty<Void> closed = Sinks.empty();
  private volatile boolean disposed;
  private volatile @Nullable Throwable connectError;

  RSocketClient(Mono<RSocketConnection> connect) {
    this.connection = connect
        .doOnNext(this::connected)
        .doOnError(error -> connectError = error)
        .cacheInvalidateIf(RSocketConnection::isDisposed);
  }

  private void connected(RSocketConnection newConnection) {
    connectError = null;
    current.set(newConnection);
    if (disposed) {
      newConnection.dispose();
    }
  }

  /** The live connection, connecting first if there is none. */
  public Mono<RSocketConnection> connection() {
    return Mono.defer(() -> disposed
        ? Mono.error(new IllegalStateException("The RSocketClient is disposed"))
        : connection);
  }

  /**
   * Why the last attempt to connect failed, or {@code null} when it succeeded or none was made
   * yet.
   */
  public @Nullable Throwable lastConnectError() {
    return connectError;
  }

  /** Whether a connection is open now. */
  public boolean isConnected() {
    RSocketConnection live = current.get();
    return live != null && !live.isDisposed();
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
    return connection().flatMapMany(c -> c.requestChannel(payloads));
  }

  @Override
  public Mono<Void> metadataPush(Payload payload) {
    return on(payload, c -> c.metadataPush(payload)).then();
  }

  /** Runs {@code request} on the connection; releases the payload if it never gets that far. */
  private <T> Flux<T> on(Payload payload, Function<RSocketConnection, Publisher<T>> request) {
    AtomicBoolean handedOver = new AtomicBoolean();
    return connection()
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
    return closed.asMono();
  }

  @Override
  public void dispose() {
    disposed = true;
    RSocketConnection live = current.getAndSet(null);
    if (live == null) {
      closed.tryEmitEmpty();
      return;
    }
    live.dispose();
    live.onClose().onErrorComplete().subscribe(null, null, closed::tryEmitEmpty);
  }

  @Override
  public boolean isDisposed() {
    return disposed;
  }
}

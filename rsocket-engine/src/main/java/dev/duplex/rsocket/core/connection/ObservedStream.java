package dev.duplex.rsocket.core.connection;

import dev.duplex.rsocket.ConnectionListener;
import dev.duplex.rsocket.RSocketConnection;
import dev.duplex.rsocket.StreamOutcome;
import dev.duplex.rsocket.StreamRole;
import dev.duplex.rsocket.core.stream.StreamFrames;
import dev.duplex.rsocket.error.RSocketErrorException;
import dev.duplex.rsocket.frame.FrameType;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.reactivestreams.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxOperator;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoOperator;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * Tells the {@link ConnectionListener} when one stream starts and how it finishes, from the
 * signals of the requester's or responder's publisher: one subscriber between the publisher and
 * its subscriber, the only object a stream costs. Only used when a listener is set, so a
 * connection without one pays nothing.
 */
final class ObservedStream<T> implements CoreSubscriber<T>, Subscription {

  private static final Logger logger = LoggerFactory.getLogger(ObservedStream.class);

  @SuppressWarnings("rawtypes")
  private static final AtomicIntegerFieldUpdater<ObservedStream> FINISHED =
      AtomicIntegerFieldUpdater.newUpdater(ObservedStream.class, "finished");

  private final CoreSubscriber<? super T> actual;
  private final ConnectionListener listener;
  private final RSocketConnection connection;
  private final FrameType interaction;
  private final StreamRole role;
  private Subscription upstream = Operators.cancelledSubscription();
  private volatile int finished;

  private ObservedStream(CoreSubscriber<? super T> actual, ConnectionListener listener,
      RSocketConnection connection, FrameType interaction, StreamRole role) {
    this.actual = actual;
    this.listener = listener;
    this.connection = connection;
    this.interaction = interaction;
    this.role = role;
  }

  static <T> Mono<T> observe(Mono<T> source, ConnectionListener listener,
      RSocketConnection connection, FrameType interaction, StreamRole role) {
    return new MonoOperator<T, T>(source) {
      @Override
      public void subscribe(CoreSubscriber<? super T> actual) {
        source.subscribe(start(actual, listener, connection, interaction, role));
      }
    };
  }

  static <T> Flux<T> observe(Flux<T> source, ConnectionListener listener,
      RSocketConnection connection, FrameType interaction, StreamRole role) {
    return new FluxOperator<T, T>(source) {
      @Override
      public void subscribe(CoreSubscriber<? super T> actual) {
        source.subscribe(start(actual, listener, connection, interaction, role));
      }
    };
  }

  private static <T> ObservedStream<T> start(CoreSubscriber<? super T> actual,
      ConnectionListener listener, RSocketConnection connection, FrameType interaction,
      StreamRole role) {
    try {
      listener.onStreamStarted(connection, interaction, role);
    } catch (RuntimeException e) {
      logger.warn("ConnectionListener failed", e);
    }
    return new ObservedStream<>(actual, listener, connection, interaction, role);
  }

  @Override
  public Context currentContext() {
    return actual.currentContext();
  }

  @Override
  public void onSubscribe(Subscription subscription) {
    upstream = subscription;
    actual.onSubscribe(this);
  }

  @Override
  public void onNext(T value) {
    actual.onNext(value);
  }

  @Override
  public void onError(Throwable error) {
    int code;
    if (role == StreamRole.RESPONDER) {
      code = StreamFrames.errorCode(error);
    } else {
      code = error instanceof RSocketErrorException rsocketError ? rsocketError.errorCode() : 0;
    }
    finish(StreamOutcome.ERROR, code);
    actual.onError(error);
  }

  @Override
  public void onComplete() {
    finish(StreamOutcome.COMPLETE, 0);
    actual.onComplete();
  }

  @Override
  public void request(long n) {
    upstream.request(n);
  }

  @Override
  public void cancel() {
    finish(StreamOutcome.CANCEL, 0);
    upstream.cancel();
  }

  private void finish(StreamOutcome outcome, int errorCode) {
    if (!FINISHED.compareAndSet(this, 0, 1)) {
      return; // a cancel racing a completion: the first one counts
    }
    try {
      listener.onStreamFinished(connection, interaction, role, outcome, errorCode);
    } catch (RuntimeException e) {
      logger.warn("ConnectionListener failed", e);
    }
  }
}

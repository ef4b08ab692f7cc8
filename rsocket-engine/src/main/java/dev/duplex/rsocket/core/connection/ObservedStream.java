package dev.duplex.rsocket.core.connection;

import dev.duplex.rsocket.ConnectionListener;
import dev.duplex.rsocket.RSocketConnection;
import dev.duplex.rsocket.StreamOutcome;
import dev.duplex.rsocket.StreamRole;
import dev.duplex.rsocket.core.stream.StreamFrames;
import dev.duplex.rsocket.error.RSocketErrorException;
import dev.duplex.rsocket.frame.FrameType;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.observability.DefaultSignalListener;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Tells the {@link ConnectionListener} when one stream starts and how it finishes, from the
 * Reactor signals of the requester's or responder's publisher. Only used when a listener is set,
 * so a connection without one pays nothing.
 */
final class ObservedStream<T> extends DefaultSignalListener<T> {

  private static final Logger logger = LoggerFactory.getLogger(ObservedStream.class);

  @SuppressWarnings("rawtypes")
  private static final AtomicIntegerFieldUpdater<ObservedStream> FINISHED =
      AtomicIntegerFieldUpdater.newUpdater(ObservedStream.class, "finished");

  private final ConnectionListener listener;
  private final RSocketConnection connection;
  private final FrameType interaction;
  private final StreamRole role;
  private volatile int finished;

  private ObservedStream(ConnectionListener listener, RSocketConnection connection,
      FrameType interaction, StreamRole role) {
    this.listener = listener;
    this.connection = connection;
    this.interaction = interaction;
    this.role = role;
  }

  static <T> Mono<T> observe(Mono<T> source, ConnectionListener listener,
      RSocketConnection connection, FrameType interaction, StreamRole role) {
    return source.tap(() -> new ObservedStream<>(listener, connection, interaction, role));
  }

  static <T> Flux<T> observe(Flux<T> source, ConnectionListener listener,
      RSocketConnection connection, FrameType interaction, StreamRole role) {
    return source.tap(() -> new ObservedStream<>(listener, connection, interaction, role));
  }

  @Override
  public void doFirst() {
    try {
      listener.onStreamStarted(connection, interaction, role);
    } catch (RuntimeException e) {
      logger.warn("ConnectionListener failed", e);
    }
  }

  @Override
  public void doOnComplete() {
    finish(StreamOutcome.COMPLETE, 0);
  }

  @Override
  public void doOnError(Throwable error) {
    int code;
    if (role == StreamRole.RESPONDER) {
      code = StreamFrames.errorCode(error);
    } else {
      code = error instanceof RSocketErrorException rsocketError ? rsocketError.errorCode() : 0;
    }
    finish(StreamOutcome.ERROR, code);
  }

  @Override
  public void doOnCancel() {
    finish(StreamOutcome.CANCEL, 0);
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

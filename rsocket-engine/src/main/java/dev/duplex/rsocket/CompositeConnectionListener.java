package dev.duplex.rsocket;

import dev.duplex.rsocket.error.RSocketErrorException;
import dev.duplex.rsocket.frame.FrameType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls several {@link ConnectionListener}s in turn; see {@link ConnectionListener#compose}. */
final class CompositeConnectionListener implements ConnectionListener {

  private static final Logger logger = LoggerFactory.getLogger(ConnectionListener.class);

  private final ConnectionListener[] listeners;

  private CompositeConnectionListener(ConnectionListener[] listeners) {
    this.listeners = listeners;
  }

  static ConnectionListener of(ConnectionListener... listeners) {
    List<ConnectionListener> flat = new ArrayList<>();
    for (ConnectionListener listener : listeners) {
      Objects.requireNonNull(listener, "listener");
      if (listener instanceof CompositeConnectionListener composite) {
        flat.addAll(List.of(composite.listeners));
      } else if (listener != NONE) {
        flat.add(listener);
      }
    }
    return switch (flat.size()) {
      case 0 -> NONE;
      case 1 -> flat.get(0);
      default -> new CompositeConnectionListener(flat.toArray(ConnectionListener[]::new));
    };
  }

  private void each(Consumer<ConnectionListener> call) {
    for (ConnectionListener listener : listeners) {
      try {
        call.accept(listener);
      } catch (RuntimeException e) {
        logger.warn("ConnectionListener {} failed", listener, e);
      }
    }
  }

  @Override
  public void onOpen(RSocketConnection connection) {
    each(l -> l.onOpen(connection));
  }

  @Override
  public void onSetup(RSocketConnection connection, ConnectionSetupPayload setup) {
    each(l -> l.onSetup(connection, setup));
  }

  @Override
  public void onSetupRejected(RSocketConnection connection, RSocketErrorException error) {
    each(l -> l.onSetupRejected(connection, error));
  }

  @Override
  public void onConnectionError(RSocketConnection connection, RSocketErrorException error) {
    each(l -> l.onConnectionError(connection, error));
  }

  @Override
  public void onKeepAliveTimeout(RSocketConnection connection, Duration silence) {
    each(l -> l.onKeepAliveTimeout(connection, silence));
  }

  @Override
  public void onClose(RSocketConnection connection, @Nullable Throwable cause) {
    each(l -> l.onClose(connection, cause));
  }

  @Override
  public void onStreamStarted(RSocketConnection connection, FrameType interaction,
      StreamRole role) {
    each(l -> l.onStreamStarted(connection, interaction, role));
  }

  @Override
  public void onStreamFinished(RSocketConnection connection, FrameType interaction,
      StreamRole role, StreamOutcome outcome, int errorCode) {
    each(l -> l.onStreamFinished(connection, interaction, role, outcome, errorCode));
  }

  @Override
  public void onFrameReceived(RSocketConnection connection, FrameType type, int length) {
    for (ConnectionListener listener : listeners) { // per frame: no lambda to allocate
      try {
        listener.onFrameReceived(connection, type, length);
      } catch (RuntimeException e) {
        logger.warn("ConnectionListener {} failed", listener, e);
      }
    }
  }

  @Override
  public void onFrameSent(RSocketConnection connection, FrameType type, int length) {
    for (ConnectionListener listener : listeners) {
      try {
        listener.onFrameSent(connection, type, length);
      } catch (RuntimeException e) {
        logger.warn("ConnectionListener {} failed", listener, e);
      }
    }
  }

  @Override
  public void onFragmentsReassembled(RSocketConnection connection, FrameType type,
      int fragments, int payloadLength) {
    each(l -> l.onFragmentsReassembled(connection, type, fragments, payloadLength));
  }
}

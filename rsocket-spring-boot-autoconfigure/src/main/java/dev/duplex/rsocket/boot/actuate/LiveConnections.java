package dev.duplex.rsocket.boot.actuate;

import dev.duplex.rsocket.ConnectionListener;
import dev.duplex.rsocket.ConnectionSetupPayload;
import dev.duplex.rsocket.RSocketConnection;
import dev.duplex.rsocket.StreamOutcome;
import dev.duplex.rsocket.StreamRole;
import dev.duplex.rsocket.frame.FrameType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/** The open connections of one server, kept from {@link #onOpen} to {@link #onClose}. */
final class LiveConnections implements ConnectionListener {

  private final Map<RSocketConnection, Live> connections = new ConcurrentHashMap<>();

  private final Clock clock;

  LiveConnections(Clock clock) {
    this.clock = clock;
  }

  @Override
  public void onOpen(RSocketConnection connection) {
    this.connections.put(connection, new Live(connection.remoteAddress().toString(),
        this.clock.instant()));
  }

  @Override
  public void onSetup(RSocketConnection connection, ConnectionSetupPayload setup) {
    Live live = this.connections.get(connection);
    if (live != null) {
      // the MIME types and keepalive only: the setup payload is released once accepted
      live.setup = new Setup(setup.dataMimeType(), setup.metadataMimeType(),
          setup.keepAliveInterval(), setup.keepAliveMaxLifetime());
    }
  }

  @Override
  public void onStreamStarted(RSocketConnection connection, FrameType interaction,
      StreamRole role) {
    Live live = this.connections.get(connection);
    if (live != null) {
      live.activeStreams.incrementAndGet();
    }
  }

  @Override
  public void onStreamFinished(RSocketConnection connection, FrameType interaction,
      StreamRole role, StreamOutcome outcome, int errorCode) {
    Live live = this.connections.get(connection);
    if (live != null) {
      live.activeStreams.decrementAndGet();
    }
  }

  @Override
  public void onClose(RSocketConnection connection, @Nullable Throwable cause) {
    this.connections.remove(connection);
  }

  int count() {
    return this.connections.size();
  }

  List<RSocketConnectionDescriptor> describe() {
    Instant now = this.clock.instant();
    return this.connections.values().stream()
        .sorted(Comparator.comparing((Live live) -> live.openedAt))
        .map(live -> live.describe(now)).toList();
  }

  private record Setup(String dataMimeType, String metadataMimeType, Duration keepAliveInterval,
      Duration keepAliveMaxLifetime) {
  }

  private static final class Live {

    final String remoteAddress;

    final Instant openedAt;

    final AtomicInteger activeStreams = new AtomicInteger();

    volatile @Nullable Setup setup;

    Live(String remoteAddress, Instant openedAt) {
      this.remoteAddress = remoteAddress;
      this.openedAt = openedAt;
    }

    RSocketConnectionDescriptor describe(Instant now) {
      Setup accepted = this.setup;
      return new RSocketConnectionDescriptor(this.remoteAddress, this.openedAt,
          Duration.between(this.openedAt, now),
          (accepted != null) ? accepted.dataMimeType() : null,
          (accepted != null) ? accepted.metadataMimeType() : null,
          (accepted != null) ? accepted.keepAliveInterval() : null,
          (accepted != null) ? accepted.keepAliveMaxLifetime() : null,
          Math.max(0, this.activeStreams.get()));
    }
  }
}

package dev.duplex.rsocket.micrometer;

import dev.duplex.rsocket.ConnectionListener;
import dev.duplex.rsocket.RSocketConnection;
import dev.duplex.rsocket.StreamOutcome;
import dev.duplex.rsocket.StreamRole;
import dev.duplex.rsocket.error.RSocketErrorException;
import dev.duplex.rsocket.frame.FrameType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jspecify.annotations.Nullable;

/**
 * Micrometer meters of the connections of one server or client, fed by the engine as a
 * {@link ConnectionListener}. Every meter carries the tags given at construction (the
 * auto-configuration uses {@code rsocket.side} and {@code rsocket.name}) and:
 *
 * <ul>
 *   <li>{@value #CONNECTIONS}: gauge of open connections;
 *   <li>{@value #ACTIVE_STREAMS}: gauge of streams in flight by {@code rsocket.interaction}
 *       ({@code request-response}, {@code fire-and-forget}, {@code request-stream},
 *       {@code request-channel}, {@code metadata-push}) and {@code rsocket.role}
 *       ({@code requester}, {@code responder});
 *   <li>{@value #FRAMES} and {@value #FRAME_BYTES}: counters of frames and their bytes (without
 *       a transport's length prefix) by {@code rsocket.direction} ({@code in}, {@code out}) and
 *       {@code rsocket.frame.type} ({@code setup}, {@code request-response}, {@code payload}, ...);
 *   <li>{@value #SETUPS_REJECTED}: counter of refused setups by {@code rsocket.error.code};
 *   <li>{@value #CONNECTION_ERRORS}: counter of ERROR frames on stream 0 from the peer by
 *       {@code rsocket.error.code};
 *   <li>{@value #KEEPALIVE_TIMEOUTS}: counter of connections closed for silence;
 *   <li>{@value #FRAGMENTS_REASSEMBLED}: counter of frames joined from fragments by
 *       {@code rsocket.frame.type}.
 * </ul>
 *
 * <p>Tag values are those of {@link RSocketTagValues}, the same as the request observations':
 * error codes in hex, such as {@code 0x00000003} for REJECTED_SETUP.
 */
public final class RSocketConnectionMetrics implements ConnectionListener {

  /** Gauge of open connections. */
  public static final String CONNECTIONS = "rsocket.connections.open";

  /** Gauge of streams in flight. */
  public static final String ACTIVE_STREAMS = "rsocket.streams.active";

  /** Counter of frames. */
  public static final String FRAMES = "rsocket.frames";

  /** Counter of frame bytes. */
  public static final String FRAME_BYTES = "rsocket.frames.bytes";

  /** Counter of refused setups. */
  public static final String SETUPS_REJECTED = "rsocket.setups.rejected";

  /** Counter of connection errors sent by the peer. */
  public static final String CONNECTION_ERRORS = "rsocket.connection.errors";

  /** Counter of keepalive timeouts. */
  public static final String KEEPALIVE_TIMEOUTS = "rsocket.keepalive.timeouts";

  /** Counter of frames reassembled from fragments. */
  public static final String FRAGMENTS_REASSEMBLED = "rsocket.fragments.reassembled";

  private static final FrameType[] INTERACTIONS = {FrameType.REQUEST_RESPONSE,
      FrameType.REQUEST_FNF, FrameType.REQUEST_STREAM, FrameType.REQUEST_CHANNEL,
      FrameType.METADATA_PUSH};

  private static final FrameType[] TYPES = FrameType.values();

  private final MeterRegistry registry;
  private final Tags tags;
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger[] activeStreams = new AtomicInteger[TYPES.length * 2];
  private final AtomicReferenceArray<Counter> frames = new AtomicReferenceArray<>(TYPES.length * 2);
  private final AtomicReferenceArray<Counter> bytes = new AtomicReferenceArray<>(TYPES.length * 2);
  private final Counter keepAliveTimeouts;

  /** Registers the meters of one server or client in {@code registry}, all with {@code tags}. */
  public RSocketConnectionMetrics(MeterRegistry registry, Iterable<Tag> tags) {
    this.registry = registry;
    this.tags = Tags.of(tags);
    Gauge.builder(CONNECTIONS, connections, AtomicInteger::get).tags(this.tags)
        .description("Open RSocket connections").strongReference(true).register(registry);
    for (FrameType interaction : INTERACTIONS) {
      for (StreamRole role : StreamRole.values()) {
        AtomicInteger active = new AtomicInteger();
        activeStreams[index(interaction, role == StreamRole.REQUESTER)] = active;
        Gauge.builder(ACTIVE_STREAMS, active, AtomicInteger::get).tags(this.tags)
            .tag("rsocket.interaction", RSocketTagValues.interaction(interaction))
            .tag("rsocket.role", role.name().toLowerCase(Locale.ROOT))
            .description("RSocket streams in flight").strongReference(true).register(registry);
      }
    }
    this.keepAliveTimeouts = Counter.builder(KEEPALIVE_TIMEOUTS).tags(this.tags)
        .description("RSocket connections closed because the peer went silent")
        .register(registry);
  }

  @Override
  public void onOpen(RSocketConnection connection) {
    connections.incrementAndGet();
  }

  @Override
  public void onClose(RSocketConnection connection, @Nullable Throwable cause) {
    connections.decrementAndGet();
  }

  @Override
  public void onSetupRejected(RSocketConnection connection, RSocketErrorException error) {
    Counter.builder(SETUPS_REJECTED).tags(tags).tag("rsocket.error.code", RSocketTagValues.errorCode(error.errorCode()))
        .description("RSocket SETUP frames refused").register(registry).increment();
  }

  @Override
  public void onConnectionError(RSocketConnection connection, RSocketErrorException error) {
    Counter.builder(CONNECTION_ERRORS).tags(tags).tag("rsocket.error.code", RSocketTagValues.errorCode(error.errorCode()))
        .description("ERROR frames on stream 0 from the peer").register(registry).increment();
  }

  @Override
  public void onKeepAliveTimeout(RSocketConnection connection, Duration silence) {
    keepAliveTimeouts.increment();
  }

  @Override
  public void onStreamStarted(RSocketConnection connection, FrameType interaction,
      StreamRole role) {
    AtomicInteger active = activeStreams[index(interaction, role == StreamRole.REQUESTER)];
    if (active != null) {
      active.incrementAndGet();
    }
  }

  @Override
  public void onStreamFinished(RSocketConnection connection, FrameType interaction,
      StreamRole role, StreamOutcome outcome, int errorCode) {
    AtomicInteger active = activeStreams[index(interaction, role == StreamRole.REQUESTER)];
    if (active != null) {
      active.decrementAndGet();
    }
  }

  @Override
  public void onFrameReceived(RSocketConnection connection, FrameType type, int length) {
    count(type, true, length);
  }

  @Override
  public void onFrameSent(RSocketConnection connection, FrameType type, int length) {
    count(type, false, length);
  }

  @Override
  public void onFragmentsReassembled(RSocketConnection connection, FrameType type,
      int fragments, int payloadLength) {
    Counter.builder(FRAGMENTS_REASSEMBLED).tags(tags)
        .tag("rsocket.frame.type", RSocketTagValues.frameType(type))
        .description("RSocket frames joined from fragments").register(registry).increment();
  }

  private void count(FrameType type, boolean in, int length) {
    int index = index(type, in);
    Counter frameCounter = frames.get(index);
    if (frameCounter == null) {
      // bytes first: another connection's event loop may see frames set and read bytes at once
      bytes.set(index, frameCounter(FRAME_BYTES, "Bytes of RSocket frames", type, in, "bytes"));
      frameCounter = frameCounter(FRAMES, "RSocket frames", type, in, null);
      frames.set(index, frameCounter);
    }
    frameCounter.increment();
    bytes.get(index).increment(length);
  }

  private Counter frameCounter(String name, String description, FrameType type, boolean in,
      @Nullable String baseUnit) {
    return Counter.builder(name).tags(tags).tag("rsocket.direction", in ? "in" : "out")
        .tag("rsocket.frame.type", RSocketTagValues.frameType(type)).baseUnit(baseUnit)
        .description(description).register(registry);
  }

  private static int index(FrameType type, boolean first) {
    return type.ordinal() * 2 + (first ? 0 : 1);
  }
}

package dev.duplex.rsocket.transport;

import dev.duplex.rsocket.frame.FrameHeader;
import dev.duplex.rsocket.frame.FrameListenerAdapter;
import dev.duplex.rsocket.frame.FrameReader;
import dev.duplex.rsocket.frame.FrameType;
import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;
import org.jspecify.annotations.Nullable;

/**
 * A {@link FrameReceiver} that records what it receives, checks that each frame decodes with
 * {@link FrameReader}, and, when made with {@link #echo}, sends every frame back.
 */
public final class RecordingReceiver implements FrameReceiver {

  private static final FrameListenerAdapter ANY_FRAME = new FrameListenerAdapter() {
  };

  private final DuplexConnection connection;
  private final boolean echo;
  private final List<ReceivedFrame> frames = Collections.synchronizedList(new ArrayList<>());
  private final List<Throwable> transportErrors = Collections.synchronizedList(new ArrayList<>());
  private final List<Boolean> writability = Collections.synchronizedList(new ArrayList<>());
  private final CompletableFuture<Optional<Throwable>> closed = new CompletableFuture<>();
  private final AtomicInteger callsOffTheEventLoop = new AtomicInteger();

  private RecordingReceiver(DuplexConnection connection, boolean echo) {
    this.connection = connection;
    this.echo = echo;
  }

  /** Records what {@code connection} receives. */
  public static RecordingReceiver recording(DuplexConnection connection) {
    return new RecordingReceiver(connection, false);
  }

  /** Records what {@code connection} receives and sends each frame back on it. */
  public static RecordingReceiver echo(DuplexConnection connection) {
    return new RecordingReceiver(connection, true);
  }

  @Override
  public void onFrame(ByteBuf frame) {
    checkThread();
    FrameReader.read(frame, ANY_FRAME);
    frames.add(ReceivedFrame.of(frame));
    if (echo) {
      connection.send(frame.retain());
    }
  }

  @Override
  public void onTransportError(Throwable cause) {
    checkThread();
    transportErrors.add(cause);
  }

  @Override
  public void onWritabilityChanged(boolean writable) {
    checkThread();
    writability.add(writable);
  }

  @Override
  public void onClosed(@Nullable Throwable cause) {
    checkThread();
    closed.complete(Optional.ofNullable(cause));
  }

  /** The frames received so far, in order. */
  public List<ReceivedFrame> frames() {
    synchronized (frames) {
      return List.copyOf(frames);
    }
  }

  /** How many frames were received so far. */
  public int frameCount() {
    return frames.size();
  }

  /** The transport errors received so far, in order. */
  public List<Throwable> transportErrors() {
    synchronized (transportErrors) {
      return List.copyOf(transportErrors);
    }
  }

  /** The writability changes received so far, in order. */
  public List<Boolean> writability() {
    synchronized (writability) {
      return List.copyOf(writability);
    }
  }

  /** Completes with the cause given to {@link #onClosed}, empty on a clean close. */
  public CompletableFuture<Optional<Throwable>> closed() {
    return closed;
  }

  /** How many callbacks ran on a thread other than the connection's event loop. */
  public int callsOffTheEventLoop() {
    return callsOffTheEventLoop.get();
  }

  private void checkThread() {
    if (!connection.eventLoop().inEventLoop()) {
      callsOffTheEventLoop.incrementAndGet();
    }
  }

  /** What is kept of a received frame: its header, length and a checksum of all its bytes. */
  public record ReceivedFrame(int streamId, @Nullable FrameType type, int length, long crc) {

    /** Summarises {@code frame} (borrowed). */
    public static ReceivedFrame of(ByteBuf frame) {
      return new ReceivedFrame(FrameHeader.streamId(frame),
          FrameType.fromCode(FrameHeader.typeCode(frame)), frame.readableBytes(), crc(frame));
    }

    /** The CRC-32 of the readable bytes of {@code frame} (borrowed). */
    public static long crc(ByteBuf frame) {
      CRC32 crc = new CRC32();
      for (ByteBuffer part : frame.nioBuffers()) {
        crc.update(part);
      }
      return crc.getValue();
    }
  }
}

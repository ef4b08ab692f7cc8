package dev.duplex.rsocket.core.connection;

import dev.duplex.rsocket.error.RSocketErrorException;
import dev.duplex.rsocket.frame.FrameDecodingException;
import dev.duplex.rsocket.frame.FrameListener;
import dev.duplex.rsocket.frame.FrameListenerAdapter;
import dev.duplex.rsocket.frame.FrameReader;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The frames that arrive while the application's acceptor decides, held (retained) to be
 * replayed once it has (checklist #95), at most {@value #MAX} of them. Confined to the event loop.
 */
final class HeldFrames {

  /** Frames held while the acceptor decides; more than this is a connection error. */
  static final int MAX = 1024;

  private final ArrayDeque<ByteBuf> frames = new ArrayDeque<>();

  /**
   * Holds {@code frame} (borrowed; retained here).
   *
   * @return false, holding nothing, when {@value #MAX} frames are held already
   */
  boolean hold(ByteBuf frame) {
    if (frames.size() >= MAX) {
      return false;
    }
    frames.add(frame.retain());
    return true;
  }

  /** Hands each held frame to {@code reader}, in order, releasing it afterwards. */
  void replay(Consumer<ByteBuf> reader) {
    for (ByteBuf frame = frames.poll(); frame != null; frame = frames.poll()) {
      try {
        reader.accept(frame);
      } finally {
        frame.release();
      }
    }
  }

  /** Releases the held frames unread. */
  void release() {
    frames.forEach(ByteBuf::release);
    frames.clear();
  }

  /** The first held ERROR on stream 0, by which the peer ended the connection, if any. */
  @Nullable RSocketErrorException connectionError() {
    RSocketErrorException[] found = new RSocketErrorException[1];
    FrameListener errors = new FrameListenerAdapter() {
      @Override
      public void onError(int streamId, int errorCode, ByteBuf data) {
        if (streamId == 0 && found[0] == null) {
          found[0] = RSocketErrorException.from(errorCode, data.toString(StandardCharsets.UTF_8));
        }
      }
    };
    for (ByteBuf frame : frames) {
      try {
        FrameReader.read(frame.duplicate(), errors);
      } catch (FrameDecodingException e) {
        // a malformed frame ends nothing here; the transport closed anyway
      }
    }
    return found[0];
  }
}

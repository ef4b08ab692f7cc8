package dev.duplex.rsocket.core.connection;

import dev.duplex.rsocket.core.fragment.Reassembler;
import dev.duplex.rsocket.core.stream.FrameStream;
import dev.duplex.rsocket.frame.FrameType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.collection.IntObjectHashMap;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The streams of one connection by stream ID: this side's requests, the peer's requests it
 * answers, and the peer's requests still arriving in fragments. Counts the peer's streams against
 * the max concurrent streams, and issues this side's stream IDs. Confined to the event loop.
 */
final class StreamRegistry {

  private final IntObjectHashMap<FrameStream> streams = new IntObjectHashMap<>();
  private final IntObjectHashMap<FragmentedFrame> fragmented = new IntObjectHashMap<>();
  private final StreamIdSupplier streamIds;
  private final int maxPeerStreams;
  private int peerStreams;

  StreamRegistry(StreamIdSupplier streamIds, int maxPeerStreams) {
    this.streamIds = streamIds;
    this.maxPeerStreams = maxPeerStreams;
  }

  /** Registers a stream this side requests, under a fresh ID; {@code null} only takes an ID. */
  int registerOwn(@Nullable FrameStream stream) {
    int streamId = streamIds.next(streams);
    if (stream != null) {
      streams.put(streamId, stream);
    }
    return streamId;
  }

  /** Registers a responder stream the peer opened. */
  void putPeer(int streamId, FrameStream stream) {
    streams.put(streamId, stream);
    peerStreams++;
  }

  @Nullable FrameStream get(int streamId) {
    return streams.get(streamId);
  }

  /** Forgets a stream and any fragments gathered for it. */
  void remove(int streamId) {
    FrameStream stream = streams.remove(streamId);
    if (stream != null && !streamIds.isOwn(streamId)) {
      peerStreams--;
    }
    discardFragments(streamId);
  }

  /** Whether {@code streamId} has this side's parity. */
  boolean isOwn(int streamId) {
    return streamIds.isOwn(streamId);
  }

  /** Whether the peer may open another stream (fragmented requests count too). */
  boolean acceptsMorePeerStreams() {
    return peerStreams + fragmented.size() < maxPeerStreams;
  }

  /** Whether no stream is open and no request is arriving in fragments. */
  boolean isEmpty() {
    return streams.isEmpty() && fragmented.isEmpty();
  }

  int maxPeerStreams() {
    return maxPeerStreams;
  }

  @Nullable FragmentedFrame fragments(int streamId) {
    return fragmented.get(streamId);
  }

  /**
   * Starts reassembling a fragmented frame from its first fragment (borrowed).
   *
   * @throws Reassembler.PayloadTooLargeException if the first fragment alone is too large
   */
  void startFragments(int streamId, FrameType type, int requestN, ByteBufAllocator alloc,
      int maxPayloadSize, @Nullable ByteBuf metadata, ByteBuf data) {
    fragmented.put(streamId, new FragmentedFrame(type, requestN,
        new Reassembler(alloc, maxPayloadSize, metadata, data)));
  }

  /** Takes a reassembled frame out; the caller owns its payload. */
  void takeFragments(int streamId) {
    fragmented.remove(streamId);
  }

  /** Forgets a frame being reassembled, releasing its fragments. */
  void discardFragments(int streamId) {
    FragmentedFrame frame = fragmented.remove(streamId);
    if (frame != null) {
      frame.reassembler.release();
    }
  }

  /** Empties the registry, releasing fragments, and returns the streams that were open. */
  List<FrameStream> clear() {
    fragmented.values().forEach(frame -> frame.reassembler.release());
    fragmented.clear();
    List<FrameStream> open = new ArrayList<>(streams.values());
    streams.clear();
    peerStreams = 0;
    return open;
  }
}

package dev.duplex.rsocket.core.connection;

import io.netty.util.collection.IntObjectMap;

/**
 * Stream IDs for one side's requests: odd from 1 for a client, even from 2 for a server, increasing
 * by 2 (checklist #70, #71). After 2^31-1 the IDs wrap and skip those still in use (checklist #75).
 */
final class StreamIdSupplier {

  private static final int MAX_STREAM_ID = Integer.MAX_VALUE;

  private final int first;
  private int next;

  private StreamIdSupplier(int first) {
    this.first = first;
    this.next = first;
  }

  static StreamIdSupplier client() {
    return new StreamIdSupplier(1);
  }

  static StreamIdSupplier server() {
    return new StreamIdSupplier(2);
  }

  /** Whether {@code streamId} is one this side would issue. */
  boolean isOwn(int streamId) {
    return (streamId & 1) == (first & 1);
  }

  /**
   * The next ID not in {@code inUse}.
   *
   * @throws IllegalStateException when every ID of this side is in use (checklist #77)
   */
  int next(IntObjectMap<?> inUse) {
    for (int tries = 0; tries <= MAX_STREAM_ID / 2; tries++) {
      int candidate = next;
      next = candidate > MAX_STREAM_ID - 2 ? first : candidate + 2;
      if (!inUse.containsKey(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("Every stream ID is in use on this connection; "
        + "open another connection (checklist #77)");
  }
}

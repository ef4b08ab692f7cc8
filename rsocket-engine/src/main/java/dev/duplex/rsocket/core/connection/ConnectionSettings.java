package dev.duplex.rsocket.core.connection;

import dev.duplex.rsocket.core.fragment.Fragmenter;
import java.time.Duration;

/**
 * Per-connection framing and the limits that bound what one peer can cost.
 *
 * @param mtu the largest outbound frame with its length prefix, or 0 for no fragmentation
 * @param maxInboundPayloadSize the largest payload reassembled from fragments
 * @param maxConcurrentStreams the most streams the peer may have open at once; its requests
 *     beyond that are answered with REJECTED
 * @param writeStallTimeout how long the connection may stay unable to write (the peer stopped
 *     reading) before it is closed
 */
public record ConnectionSettings(int mtu, int maxInboundPayloadSize, int maxConcurrentStreams,
    Duration writeStallTimeout) {

  /** The default max inbound payload size: 64 MiB. */
  public static final int DEFAULT_MAX_INBOUND_PAYLOAD_SIZE = 64 * 1024 * 1024;
  /** The default max concurrent streams the peer may open. */
  public static final int DEFAULT_MAX_CONCURRENT_STREAMS = 16_384;
  /** The default write-stall timeout. */
  public static final Duration DEFAULT_WRITE_STALL_TIMEOUT = Duration.ofSeconds(30);

  /** No fragmentation, and the default limits. */
  public static final ConnectionSettings DEFAULTS = new ConnectionSettings(0,
      DEFAULT_MAX_INBOUND_PAYLOAD_SIZE, DEFAULT_MAX_CONCURRENT_STREAMS,
      DEFAULT_WRITE_STALL_TIMEOUT);

  /** Checks the values. */
  public ConnectionSettings {
    Fragmenter.checkMtu(mtu);
    if (maxInboundPayloadSize < 1) {
      throw new IllegalArgumentException("maxInboundPayloadSize: " + maxInboundPayloadSize
          + " (expected: > 0)");
    }
    if (maxConcurrentStreams < 1) {
      throw new IllegalArgumentException("maxConcurrentStreams: " + maxConcurrentStreams
          + " (expected: > 0)");
    }
    if (writeStallTimeout.isNegative() || writeStallTimeout.isZero()) {
      throw new IllegalArgumentException("writeStallTimeout: " + writeStallTimeout
          + " (expected: > 0)");
    }
  }

  /** These settings with another MTU. */
  public ConnectionSettings withMtu(int mtu) {
    return new ConnectionSettings(mtu, maxInboundPayloadSize, maxConcurrentStreams,
        writeStallTimeout);
  }

  /** These settings with another max inbound payload size. */
  public ConnectionSettings withMaxInboundPayloadSize(int size) {
    return new ConnectionSettings(mtu, size, maxConcurrentStreams, writeStallTimeout);
  }

  /** These settings with another max concurrent streams. */
  public ConnectionSettings withMaxConcurrentStreams(int streams) {
    return new ConnectionSettings(mtu, maxInboundPayloadSize, streams, writeStallTimeout);
  }

  /** These settings with another write-stall timeout. */
  public ConnectionSettings withWriteStallTimeout(Duration timeout) {
    return new ConnectionSettings(mtu, maxInboundPayloadSize, maxConcurrentStreams, timeout);
  }
}

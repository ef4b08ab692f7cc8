package dev.duplex.rsocket.core.connection;

import dev.duplex.rsocket.core.fragment.Fragmenter;

/**
 * Per-connection limits and framing.
 *
 * @param mtu the largest outbound frame with its length prefix, or 0 for no fragmentation
 * @param maxInboundPayloadSize the largest payload reassembled from fragments
 */
public record ConnectionSettings(int mtu, int maxInboundPayloadSize) {

  /** The default max inbound payload size: 64 MiB. */
  public static final int DEFAULT_MAX_INBOUND_PAYLOAD_SIZE = 64 * 1024 * 1024;

  /** No fragmentation, and the default max inbound payload size. */
  public static final ConnectionSettings DEFAULTS =
      new ConnectionSettings(0, DEFAULT_MAX_INBOUND_PAYLOAD_SIZE);

  /** Checks the values. */
  public ConnectionSettings {
    Fragmenter.checkMtu(mtu);
    if (maxInboundPayloadSize < 1) {
      throw new IllegalArgumentException("maxInboundPayloadSize: " + maxInboundPayloadSize
          + " (expected: > 0)");
    }
  }
}

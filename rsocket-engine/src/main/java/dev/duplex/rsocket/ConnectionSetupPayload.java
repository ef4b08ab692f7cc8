package dev.duplex.rsocket;

import java.time.Duration;

/**
 * What a client said in SETUP: protocol version, keepalive, MIME types and the setup payload.
 *
 * @param majorVersion the protocol major version (1)
 * @param minorVersion the protocol minor version (0)
 * @param keepAliveInterval how often the client sends KEEPALIVE
 * @param keepAliveMaxLifetime how long without a frame from the peer before the connection is dead
 * @param metadataMimeType the MIME type of metadata on this connection
 * @param dataMimeType the MIME type of data on this connection
 * @param payload the SETUP frame's data and metadata (borrowed, see {@link SocketAcceptor})
 */
public record ConnectionSetupPayload(int majorVersion, int minorVersion,
    Duration keepAliveInterval, Duration keepAliveMaxLifetime, String metadataMimeType,
    String dataMimeType, Payload payload) {
}

package dev.duplex.rsocket.boot.actuate;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One live connection as the {@code rsocket} endpoint shows it. The MIME types and keepalive are
 * {@code null} until the SETUP is accepted.
 *
 * @param remoteAddress the peer's address
 * @param openedAt when the transport connected
 * @param age how long the connection has been open
 * @param dataMimeType the data MIME type of the SETUP
 * @param metadataMimeType the metadata MIME type of the SETUP
 * @param keepAliveInterval the keepalive interval of the SETUP
 * @param keepAliveMaxLifetime the keepalive max lifetime of the SETUP
 * @param activeStreams the streams in flight, either way
 */
public record RSocketConnectionDescriptor(String remoteAddress, Instant openedAt, Duration age,
    @Nullable String dataMimeType, @Nullable String metadataMimeType,
    @Nullable Duration keepAliveInterval, @Nullable Duration keepAliveMaxLifetime,
    int activeStreams) {
}

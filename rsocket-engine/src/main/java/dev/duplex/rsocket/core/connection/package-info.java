/**
 * One RSocket connection: the handshake (the server's first-frame rule), the frame dispatcher that
 * routes each frame to its stream or starts a responder stream, the stream registry and stream ID
 * supplier, keepalive, and the error policy (stream errors end one stream, connection errors send
 * ERROR on stream 0 and close). All state is confined to the connection's event loop. Internal;
 * not API.
 */
@NullMarked
package dev.duplex.rsocket.core.connection;

import org.jspecify.annotations.NullMarked;

/**
 * One class per side of each interaction: the requester and responder of request-response,
 * request-stream and request-channel. Each is one stream's state, driven by the frames the
 * connection routes to it ({@link dev.duplex.rsocket.core.stream.FrameStream}) and by its Reactive
 * Streams subscriber or publisher, and writes through
 * {@link dev.duplex.rsocket.core.stream.StreamOutbound}. A stream's state is touched only on its
 * connection's event loop. Internal; not API.
 */
@NullMarked
package dev.duplex.rsocket.core.stream;

import org.jspecify.annotations.NullMarked;

/**
 * Actuator support: health indicators for the RSocket servers and the client requester, the
 * {@code rsocket} endpoint that lists servers and live connections, and the registry of live
 * connections both read.
 */
@NullMarked
package dev.duplex.rsocket.boot.actuate;

import org.jspecify.annotations.NullMarked;

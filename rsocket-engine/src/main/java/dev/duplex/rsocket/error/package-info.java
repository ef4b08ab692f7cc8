/**
 * Exceptions for RSocket's error codes: {@link dev.duplex.rsocket.error.RSocketErrorException} and
 * one subclass per code of the ERROR frame, so a requester sees the peer's error as a typed
 * exception and a responder's exception becomes the right code on the wire.
 */
@NullMarked
package dev.duplex.rsocket.error;

import org.jspecify.annotations.NullMarked;

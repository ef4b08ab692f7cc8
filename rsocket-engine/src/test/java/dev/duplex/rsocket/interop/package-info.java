/**
 * Wire compatibility with rsocket-java 1.1.5 as a real peer over TCP and WebSocket, in both
 * directions.
 */
@NullMarked
package dev.duplex.rsocket.interop;

import org.jspecify.annotations.NullMarked;

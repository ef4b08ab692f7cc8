/**
 * The engine's entry points: {@link dev.duplex.rsocket.core.RSocketServer} binds a server
 * transport and accepts connections; {@link dev.duplex.rsocket.core.RSocketConnector} connects to a
 * server. Both are immutable: every option returns a new instance.
 */
@NullMarked
package dev.duplex.rsocket.core;

import org.jspecify.annotations.NullMarked;

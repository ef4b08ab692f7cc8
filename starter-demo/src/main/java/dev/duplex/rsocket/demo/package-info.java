/**
 * The Duplex demo application: an RSocket server, configured by {@code spring.rsocket.server.*}
 * properties, whose {@code @MessageMapping} controllers answer all four interactions and metadata
 * push and call the client back on connect; and, with {@code --demo.client}, a client that drives
 * every interaction through an {@code @RSocketExchange} interface and the requester.
 */
@NullMarked
package dev.duplex.rsocket.demo;

import org.jspecify.annotations.NullMarked;

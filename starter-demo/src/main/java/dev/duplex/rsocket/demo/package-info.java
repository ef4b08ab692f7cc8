/**
 * The Duplex demo application: RSocket over WebSocket on the WebFlux server (next to a browser
 * page, {@code static/index.html}, that talks to it with rsocket-js) and over TCP, configured by
 * {@code spring.rsocket.server.*} properties, whose {@code @MessageMapping} controllers answer all
 * four interactions and metadata push and call the client back on connect; and, with
 * {@code --demo.client}, a client that drives every interaction through an
 * {@code @RSocketExchange} interface and the requester.
 */
@NullMarked
package dev.duplex.rsocket.demo;

import org.jspecify.annotations.NullMarked;

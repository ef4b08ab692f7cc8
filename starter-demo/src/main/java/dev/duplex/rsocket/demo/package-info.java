/**
 * The Duplex demo application. Today it tours the wire format: it writes the frames a routed
 * request-response starts with and prints them; it grows with the starter into a full RSocket
 * server and client.
 */
@NullMarked
package dev.duplex.rsocket.demo;

import org.jspecify.annotations.NullMarked;

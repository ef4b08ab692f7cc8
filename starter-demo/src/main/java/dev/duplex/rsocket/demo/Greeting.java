package dev.duplex.rsocket.demo;

/**
 * A greeting, as JSON or CBOR on the wire.
 *
 * @param name who is greeted
 * @param message what they are told
 */
public record Greeting(String name, String message) {
}

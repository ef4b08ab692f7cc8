package dev.duplex.rsocket.messaging.interop;

/** The JSON and CBOR body exchanged by the interop tests. */
record Greeting(String name, int count) {
}

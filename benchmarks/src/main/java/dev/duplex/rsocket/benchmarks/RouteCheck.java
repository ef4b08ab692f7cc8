package dev.duplex.rsocket.benchmarks;

/** How a load server checks the route of each request, the same way for both implementations. */
enum RouteCheck {

  /** Decodes the first routing tag to a {@code String} and compares it, as a router would. */
  DECODE("decode"),
  /** Compares the encoded routing entry with the expected bytes; no {@code String}. */
  MATCH("match");

  private final String id;

  RouteCheck(String id) {
    this.id = id;
  }

  /** The name used on the command line. */
  String id() {
    return id;
  }

  /** The check named {@code id}. */
  static RouteCheck of(String id) {
    for (RouteCheck check : values()) {
      if (check.id.equals(id)) {
        return check;
      }
    }
    throw new IllegalArgumentException("route: " + id + " (expected: decode or match)");
  }
}

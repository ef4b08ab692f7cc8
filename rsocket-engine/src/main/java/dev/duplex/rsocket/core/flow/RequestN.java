package dev.duplex.rsocket.core.flow;

/**
 * Request-n as the wire and Reactive Streams see it.
 *
 * <p>Reactive Streams demand is a {@code long} where {@link Long#MAX_VALUE} means unbounded; the wire
 * field is 31 bits. Like rsocket-java, {@code 2^31-1} on the wire means unbounded in both
 * directions (checklist #135), and local demand at or above it is sent as {@code 2^31-1}.
 */
public final class RequestN {

  /** The wire value that means unbounded, {@code 2^31-1}. */
  public static final int UNBOUNDED_ON_WIRE = Integer.MAX_VALUE;

  private RequestN() {
  }

  /** The wire value for local demand {@code n > 0}. */
  public static int toWire(long n) {
    return n >= UNBOUNDED_ON_WIRE ? UNBOUNDED_ON_WIRE : (int) n;
  }

  /** The Reactive Streams demand for wire value {@code n > 0}. */
  public static long fromWire(int n) {
    return n == UNBOUNDED_ON_WIRE ? Long.MAX_VALUE : n;
  }

  /** {@code a + b}, saturating at {@link Long#MAX_VALUE} (checklist #134). */
  public static long add(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }
}

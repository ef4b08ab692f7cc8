package dev.duplex.rsocket.core.flow;

/**
 * Outbound credit of one stream: what the peer has granted with request-n, and how much of it has
 * been asked of the local publisher.
 *
 * <p>The publisher is asked for at most {@link #BATCH} items ahead of what has been sent, and for
 * nothing more while the connection cannot take more bytes, so a peer that grants unbounded
 * demand and then stops reading holds at most a batch per stream in memory. A grant of up to a
 * batch reaches the publisher exactly as the peer made it. Confined to the connection's event loop.
 */
public final class Demand {

  /** Items asked of a publisher ahead of what has been sent. */
  public static final long BATCH = 256;

  private long credit;
  private long requested;

  /** Starts with the peer's initial grant. */
  public Demand(long initialCredit) {
    this.credit = initialCredit;
  }

  /** The peer granted {@code n} more items. */
  public void grant(long n) {
    credit = RequestN.add(credit, n);
  }

  /**
   * Takes one credit for an item about to be sent.
   *
   * @return false when the peer granted no credit for it (the publisher broke its contract)
   */
  public boolean trySend() {
    if (credit == 0) {
      return false;
    }
    if (credit != Long.MAX_VALUE) {
      credit--;
    }
    if (requested > 0) {
      requested--;
    }
    return true;
  }

  /**
   * How many more items to ask of the publisher now; the caller requests exactly this many.
   *
   * @param writable whether the connection takes more bytes
   */
  public long toRequest(boolean writable) {
    if (!writable || requested > BATCH / 2) {
      return 0;
    }
    long more = Math.min(credit, BATCH) - requested;
    if (more <= 0) {
      return 0;
    }
    requested += more;
    return more;
  }

  /** Whether the peer has granted credit the publisher has not been asked for. */
  public boolean hasUnrequestedCredit() {
    return credit > requested;
  }
}

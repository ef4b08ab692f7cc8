package dev.duplex.rsocket;

/** How a stream ended, as {@link ConnectionListener#onStreamFinished} reports it. */
public enum StreamOutcome {

  /** Completed: every payload was delivered (for fire-and-forget and metadata push: sent). */
  COMPLETE,

  /** Ended with an error, either an ERROR frame or a local failure such as a closed connection. */
  ERROR,

  /** Cancelled, by the requester's subscriber or, on the responder, by a CANCEL frame. */
  CANCEL
}

package dev.duplex.rsocket.frame;

/**
 * Flag masks over the 16-bit type-and-flags word at offset 4 of every frame.
 *
 * <pre>
 *  15          10   9   8   7   6   5   4 .. 0
 * +--------------+---+---+---+---+---+--------+
 * |  frame type  | I | M | F | C | N | unused |
 * +--------------+---+---+---+---+---+--------+
 *                          R   L       (SETUP: R = resume enable, L = lease)
 *                          R           (KEEPALIVE: R = respond)
 * </pre>
 *
 * Flags not defined for a type are written as 0 and ignored when read (checklist #11, #12).
 */
public final class FrameFlags {

  /** Bits of the type-and-flags word that hold flags. */
  public static final int MASK = 0x3FF;
  /** I: the frame may be ignored if not understood. */
  public static final int IGNORE = 0x200;
  /** M: metadata present. */
  public static final int METADATA = 0x100;
  /** F: more fragments follow (PAYLOAD and the four requests). */
  public static final int FOLLOWS = 0x080;
  /** R on SETUP: a resume token is present. */
  public static final int RESUME_ENABLE = 0x080;
  /** R on KEEPALIVE: the receiver must answer. */
  public static final int RESPOND = 0x080;
  /** C on REQUEST_CHANNEL and PAYLOAD: the sender's side of the stream is complete. */
  public static final int COMPLETE = 0x040;
  /** L on SETUP: the client will honour LEASE. */
  public static final int LEASE = 0x040;
  /** N on PAYLOAD: the frame carries an element (onNext). */
  public static final int NEXT = 0x020;

  private FrameFlags() {
  }

  /** Whether {@code flag} is set in {@code flags}. */
  public static boolean isSet(int flags, int flag) {
    return (flags & flag) != 0;
  }
}

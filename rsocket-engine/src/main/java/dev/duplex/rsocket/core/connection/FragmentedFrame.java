package dev.duplex.rsocket.core.connection;

import dev.duplex.rsocket.core.fragment.Reassembler;
import dev.duplex.rsocket.frame.FrameType;

/**
 * A frame whose fragments are still arriving: what its first fragment said, and the payload so
 * far.
 */
final class FragmentedFrame {

  final FrameType type;
  final int requestN;
  final Reassembler reassembler;

  FragmentedFrame(FrameType type, int requestN, Reassembler reassembler) {
    this.type = type;
    this.requestN = requestN;
    this.reassembler = reassembler;
  }
}

package dev.duplex.rsocket.frame;

import static dev.duplex.rsocket.frame.FrameBytes.ALLOC;
import static dev.duplex.rsocket.frame.FrameBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;

/** The 6-byte frame header (checklist #6, #7, #10, #13). */
class FrameHeaderTests {

  @Test
  void writesStreamIdThenTypeAndFlagsBigEndian() {
    ByteBuf buf = FrameHeader.write(ALLOC.buffer(), 0x0102_0304, FrameType.PAYLOAD,
        FrameFlags.METADATA | FrameFlags.NEXT);
    try {
      assertThat(FrameBytes.hexOf(buf)).isEqualTo(hex(
          "01020304", // stream ID
          "2920")); // PAYLOAD 0x0a << 10 | M 0x100 | N 0x020
    } finally {
      buf.release();
    }
  }

  @Test
  void flagsOutsideTheTenFlagBitsDoNotChangeTheType() {
    ByteBuf buf = FrameHeader.write(ALLOC.buffer(), 1, FrameType.CANCEL, 0xFFFF);
    try {
      assertThat(FrameHeader.typeCode(buf)).isEqualTo(FrameType.CANCEL.code());
      assertThat(FrameHeader.flags(buf)).isEqualTo(0x3FF);
    } finally {
      buf.release();
    }
  }

  @Test
  void readsFieldsAtTheReaderIndexAndMasksTheReservedStreamIdBit() {
    ByteBuf buf = FrameBytes.untracked(hex(
        "ffffff", // 3 bytes before the frame
        "80000007", // reserved bit set, stream ID 7 (checklist #7)
        "ff00")); // EXT 0x3f << 10 | I | M
    try {
      buf.readerIndex(3);
      assertThat(FrameHeader.streamId(buf)).isEqualTo(7);
      assertThat(FrameHeader.typeCode(buf)).isEqualTo(0x3F);
      assertThat(FrameHeader.flags(buf)).isEqualTo(FrameFlags.IGNORE | FrameFlags.METADATA);
      assertThat(buf.readerIndex()).isEqualTo(3);
    } finally {
      buf.release();
    }
  }

  @Test
  void headerIsSixBytesAndStreamIdsAre31Bits() {
    assertThat(FrameHeader.SIZE).isEqualTo(6);
    assertThat(FrameHeader.MAX_STREAM_ID).isEqualTo((1 << 31) - 1);
  }
}

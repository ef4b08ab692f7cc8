package dev.duplex.rsocket.frame;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Flag masks over the type-and-flags word (checklist header notes, #13, #26, #45, #50, #56). */
class FrameFlagsTests {

  @Test
  void masksAreThoseOfTheSpec() {
    assertThat(FrameFlags.IGNORE).isEqualTo(0x200);
    assertThat(FrameFlags.METADATA).isEqualTo(0x100);
    assertThat(FrameFlags.FOLLOWS).isEqualTo(0x080);
    assertThat(FrameFlags.RESUME_ENABLE).isEqualTo(0x080);
    assertThat(FrameFlags.RESPOND).isEqualTo(0x080);
    assertThat(FrameFlags.COMPLETE).isEqualTo(0x040);
    assertThat(FrameFlags.LEASE).isEqualTo(0x040);
    assertThat(FrameFlags.NEXT).isEqualTo(0x020);
    assertThat(FrameFlags.MASK).isEqualTo(0x3FF);
  }

  @Test
  void isSetTestsOneFlag() {
    int flags = FrameFlags.METADATA | FrameFlags.NEXT;
    assertThat(FrameFlags.isSet(flags, FrameFlags.METADATA)).isTrue();
    assertThat(FrameFlags.isSet(flags, FrameFlags.NEXT)).isTrue();
    assertThat(FrameFlags.isSet(flags, FrameFlags.COMPLETE)).isFalse();
    assertThat(FrameFlags.isSet(flags, FrameFlags.IGNORE)).isFalse();
  }
}

package dev.duplex.rsocket.frame;

import static dev.duplex.rsocket.frame.FrameBytes.hexOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.rsocket.frame.GoldenFrames.GoldenFrame;
import io.netty.buffer.ByteBuf;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden bytes: for every frame type and flag combination in {@link GoldenFrames}, {@link
 * FrameWriter} produces exactly the bytes written by hand from the spec, consumes its inputs, and
 * {@link FrameReader} decodes the same bytes to the expected fields.
 */
class FrameCodecGoldenTests {

  static List<GoldenFrame> goldenFrames() {
    return GoldenFrames.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goldenFrames")
  void writerProducesTheSpecBytesAndReleasesItsInputs(GoldenFrame golden) {
    try (FrameBytes inputs = new FrameBytes()) {
      ByteBuf frame = golden.write(inputs);
      try {
        assertThat(hexOf(frame)).isEqualTo(golden.hex());
        assertThat(frame.readerIndex()).isZero();
        inputs.assertAllReleased(); // small payloads are copied, so the inputs are gone already
      } finally {
        frame.release();
      }
      assertThat(frame.refCnt()).isZero();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goldenFrames")
  void readerDecodesTheSpecBytesToTheirFields(GoldenFrame golden) {
    ByteBuf frame = FrameBytes.untracked(golden.hex());
    try {
      assertThat(RecordingFrameListener.decode(frame)).isEqualTo(golden.decoded());
      assertThat(frame.readerIndex()).as("reader index after read").isZero();
      assertThat(frame.refCnt()).as("the reader borrows the frame").isEqualTo(1);
    } finally {
      frame.release();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goldenFrames")
  void writtenFrameReadsBackToTheSameFields(GoldenFrame golden) {
    try (FrameBytes inputs = new FrameBytes()) {
      ByteBuf frame = golden.write(inputs);
      try {
        assertThat(RecordingFrameListener.decode(frame)).isEqualTo(golden.decoded());
      } finally {
        frame.release();
      }
    }
  }

  @Test
  void goldenTableCoversEveryFrameType() {
    Set<FrameType> covered = GoldenFrames.all().stream().map(g -> g.decoded().type())
        .collect(Collectors.toCollection(() -> EnumSet.noneOf(FrameType.class)));
    assertThat(covered).containsExactlyInAnyOrder(FrameType.values());
  }

  @Test
  void goldenTableCoversEveryNamedErrorCode() {
    Set<Integer> codes = GoldenFrames.all().stream()
        .filter(g -> g.decoded() instanceof RecordedFrame.ErrorFrame)
        .map(g -> ((RecordedFrame.ErrorFrame) g.decoded()).errorCode())
        .collect(Collectors.toSet());
    for (ErrorCode code : ErrorCode.values()) {
      assertThat(codes).as("checklist #143: %s", code).contains(code.code());
    }
    assertThat(codes).contains(0x0000_0301, 0xFFFF_FFFE);
  }

  @Test
  void goldenErrorFramesCarryTheMessageAsUtf8() {
    RecordedFrame.ErrorFrame frame =
        (RecordedFrame.ErrorFrame) GoldenFrames.named("ERROR with UTF-8 message").decoded();
    assertThat(frame.message()).isEqualTo("café"); // checklist #36
  }
}

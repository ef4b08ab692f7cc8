package dev.duplex.rsocket.frame;

import static dev.duplex.rsocket.frame.FrameBytes.ALLOC;
import static dev.duplex.rsocket.frame.FrameBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.rsocket.frame.GoldenFrames.GoldenFrame;
import dev.duplex.rsocket.frame.RecordedFrame.CancelFrame;
import dev.duplex.rsocket.frame.RecordedFrame.ErrorFrame;
import dev.duplex.rsocket.frame.RecordedFrame.KeepAliveFrame;
import dev.duplex.rsocket.frame.RecordedFrame.LeaseFrame;
import dev.duplex.rsocket.frame.RecordedFrame.MetadataPushFrame;
import dev.duplex.rsocket.frame.RecordedFrame.PayloadFrame;
import dev.duplex.rsocket.frame.RecordedFrame.RequestNFrame;
import dev.duplex.rsocket.frame.RecordedFrame.RequestStreamFrame;
import dev.duplex.rsocket.frame.RecordedFrame.ResumeOkFrame;
import dev.duplex.rsocket.frame.RecordedFrame.SetupFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link FrameReader} beyond the golden bytes: frames that start at a non-zero reader index or are
 * split over composite components, borrowed slices, and the leniency the spec asks for (reserved
 * bits and undefined flags ignored, protocol rules left to the listener).
 */
class FrameReaderTests {

  static List<GoldenFrame> goldenFrames() {
    return GoldenFrames.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goldenFrames")
  void frameAfterALengthPrefixDecodesWithoutMovingTheReaderIndex(GoldenFrame golden) {
    // As a TCP transport hands it over: 3-byte frame length, then the frame (checklist #3).
    ByteBuf buf = FrameBytes.untracked(String.format("%06x", golden.hex().length() / 2)
        + golden.hex() + "eeee");
    try {
      buf.readerIndex(3).writerIndex(buf.writerIndex() - 2); // trailing bytes are not the frame's
      assertThat(RecordingFrameListener.decode(buf)).isEqualTo(golden.decoded());
      assertThat(buf.readerIndex()).isEqualTo(3);
    } finally {
      buf.release();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goldenFrames")
  void frameSplitOverCompositeComponentsDecodes(GoldenFrame golden) {
    byte[] bytes = ByteBufUtil.decodeHexDump(golden.hex());
    for (int split = 1; split < bytes.length; split++) {
      CompositeByteBuf frame = ALLOC.compositeBuffer();
      frame.addComponent(true, ALLOC.buffer().writeBytes(bytes, 0, split));
      frame.addComponent(true, ALLOC.buffer().writeBytes(bytes, split, bytes.length - split));
      try {
        assertThat(RecordingFrameListener.decode(frame)).as("split at %d", split)
            .isEqualTo(golden.decoded());
      } finally {
        frame.release();
      }
    }
  }

  @Test
  void listenerArgumentsAreSlicesOfTheFrameThatCanBeRetained() {
    ByteBuf frame = FrameBytes.untracked(GoldenFrames.named("PAYLOAD M N").hex());
    ByteBuf[] kept = new ByteBuf[2];
    FrameReader.read(frame, new RecordingFrameListener() {
      @Override
      public void onPayload(int streamId, ByteBuf metadata, ByteBuf data, boolean follows,
          boolean complete, boolean next) {
        kept[0] = metadata.retain(); // borrowed: retain to keep (FrameListener javadoc)
        kept[1] = data.retain();
      }
    });
    assertThat(frame.release()).as("frame still referenced by the retained slices").isFalse();
    try {
      assertThat(kept[0].toString(StandardCharsets.US_ASCII)).isEqualTo("meta");
      assertThat(kept[1].toString(StandardCharsets.US_ASCII)).isEqualTo("data");
    } finally {
      kept[0].release();
      assertThat(kept[1].release()).isTrue();
    }
    assertThat(frame.refCnt()).isZero();
  }

  @Test
  void reservedTopBitsOfStreamIdAndCountsArePassedAsZero() {
    // Checklist #7: bit 31 of the stream ID is reserved; u31 and u63 fields likewise.
    assertDecodes(hex("80000005", "2000", "ffffffff"), new RequestNFrame(5, 0x7FFF_FFFF));
    assertDecodes(hex("80000000", "3800", "ffffffffffffffff"),
        new ResumeOkFrame(0, Long.MAX_VALUE));
    assertDecodes(hex("00000000", "0800", "80000001", "80000002"), new LeaseFrame(0, 1, 2, null));
  }

  @Test
  void flagsNotDefinedForATypeAreIgnored() {
    // Checklist #11, #12, #24: REQUEST_N, CANCEL, KEEPALIVE and ERROR carry no metadata, so an M
    // flag (and any other undefined flag) changes nothing.
    assertDecodes(hex("00000005", "21ff", "00000003"), new RequestNFrame(5, 3));
    assertDecodes(hex("00000005", "25ff"), new CancelFrame(5));
    assertDecodes(hex("00000000", "0d7f", "0000000000000001", "000004"),
        new KeepAliveFrame(0, false, 1, "000004"));
    assertDecodes(hex("00000005", "2d00", "00000201", "000004"),
        new ErrorFrame(5, 0x201, "000004"));
    // PAYLOAD bits below N are unused.
    assertDecodes(hex("00000001", "283f", "64"),
        new PayloadFrame(1, null, "64", false, false, true));
    // METADATA_PUSH without its M flag still carries metadata to the end (checklist #62).
    assertDecodes(hex("00000000", "3000", "6d"), new MetadataPushFrame(0, "6d"));
  }

  @Test
  void protocolRulesAreLeftToTheListener() {
    // The reader checks layout, not rules: these reach the listener as read (FrameListener).
    assertDecodes(hex("00000005", "2000", "00000000"), new RequestNFrame(5, 0)); // #54
    assertDecodes(hex("00000005", "1800", "00000000"),
        new RequestStreamFrame(5, 0, null, "", false)); // #49
    assertDecodes(hex("00000001", "2800"),
        new PayloadFrame(1, null, "", false, false, false)); // #58: neither N nor C
    assertDecodes(hex("00000007", "0400", "0002", "0001", "00000000", "00000000", "0161",
        "0162"), new SetupFrame(7, 2, 1, 0, 0, null, false, "a", "b", null, "")); // #25, #28
  }

  @Test
  void bytesAfterAFixedSizeFrameAreIgnored() {
    // REQUEST_N is 10 bytes, CANCEL 6, RESUME_OK 14 (checklist #53, #55, #66); extra bytes are
    // not interpreted (leniency, checklist #181).
    assertDecodes(hex("00000005", "2000", "00000003", "ffff"), new RequestNFrame(5, 3));
    assertDecodes(hex("00000005", "2400", "ff"), new CancelFrame(5));
    assertDecodes(hex("00000000", "3800", "0000000000000001", "ff"), new ResumeOkFrame(0, 1));
  }

  @Test
  void setupMimeTypesAreReadAsUtf8() {
    // A peer that ignores the SHOULD of checklist #30 (rsocket-java writes UTF-8) is understood.
    assertDecodes(hex("00000000", "0400", "0001", "0000", "00000001", "00000001",
        "02", "c3bc", // metadata MIME "ü"
        "01", "62"), // data MIME "b"
        new SetupFrame(0, 1, 0, 1, 1, null, false, "ü", "b", null, ""));
  }

  private static void assertDecodes(String hex, RecordedFrame expected) {
    ByteBuf frame = FrameBytes.untracked(hex);
    try {
      assertThat(RecordingFrameListener.decode(frame)).isEqualTo(expected);
    } finally {
      frame.release();
    }
  }
}

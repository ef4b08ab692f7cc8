package dev.duplex.rsocket.core.fragment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.duplex.rsocket.Payload;
import dev.duplex.rsocket.frame.FrameDump;
import dev.duplex.rsocket.frame.FrameListenerAdapter;
import dev.duplex.rsocket.frame.FrameReader;
import dev.duplex.rsocket.frame.FrameType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FragmenterTests {

  private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;

  @Test
  void mtuMustBeZeroOrAtLeast64() {
    assertThatIllegalArgumentException().isThrownBy(() -> Fragmenter.checkMtu(63))
        .withMessage("mtu: 63 (expected: 0, or 64..16777215)");
    assertThat(Fragmenter.checkMtu(0)).isZero();
    assertThat(Fragmenter.checkMtu(64)).isEqualTo(64);
  }

  @Test
  void aPayloadThatFitsIsOneFrame() {
    List<String> frames = write(64, FrameType.REQUEST_STREAM, 45, 0);

    // 64 = 3 (length prefix) + 6 (header) + 4 (request n) + 3 (metadata length) + 48
    assertThat(frames).containsExactly("REQUEST_STREAM stream=1 flags=M n=7 metadata=0B data=45B");
  }

  @Test
  void metadataComesFirstAndEveryFragmentButTheLastIsFull() {
    List<ByteBuf> frames = writeFrames(64, FrameType.REQUEST_RESPONSE, 100, 80);
    try {
      assertThat(frames).extracting(FrameDump::summary).containsExactly(
          "REQUEST_RESPONSE stream=1 flags=M|F metadata=52B data=0B", // 61 bytes
          "PAYLOAD stream=1 flags=M|F|N metadata=28B data=24B",
          "PAYLOAD stream=1 flags=F|N data=55B",
          "PAYLOAD stream=1 flags=N data=21B"); // no C: REQUEST_RESPONSE has none
      for (int i = 0; i < frames.size() - 1; i++) {
        // rsocket-java refuses non-final fragments under 61 bytes (checklist #177)
        assertThat(frames.get(i).readableBytes()).isEqualTo(61);
      }
    } finally {
      frames.forEach(ByteBuf::release);
    }
  }

  @Test
  void payloadFragmentsCarryNextOnAllAndCompleteOnTheLast() {
    assertThat(write(64, FrameType.PAYLOAD, 120, -1)).containsExactly(
        "PAYLOAD stream=1 flags=F|N data=55B",
        "PAYLOAD stream=1 flags=F|N data=55B",
        "PAYLOAD stream=1 flags=C|N data=10B");
  }

  @ParameterizedTest
  @CsvSource({"64,0,0", "64,1,200", "100,333,0", "1000,5000,7000", "64,61,61", "0,70000,7"})
  void fragmentsJoinBackToTheOriginalPayload(int mtu, int dataLength, int metadataLength) {
    Random random = new Random(mtu * 31L + dataLength * 7L + metadataLength);
    byte[] data = new byte[dataLength];
    byte[] metadata = new byte[metadataLength];
    random.nextBytes(data);
    random.nextBytes(metadata);
    Payload payload = Payload.create(data, metadataLength == 0 ? null : metadata);
    List<ByteBuf> frames = new ArrayList<>();
    Fragmenter.write(alloc, mtu, FrameType.REQUEST_CHANNEL, 3, 5,
        payload.metadata() == null ? null : payload.metadata().retain(), payload.data().retain(),
        true, false, frames::add);
    payload.release();
    Joiner joiner = new Joiner();
    try {
      for (ByteBuf frame : frames) {
        if (mtu > 0) {
          assertThat(frame.readableBytes()).isLessThanOrEqualTo(mtu - 3);
        }
        FrameReader.read(frame, joiner);
      }
      assertThat(joiner.data.toByteArray()).isEqualTo(data);
      assertThat(joiner.metadata.toByteArray()).isEqualTo(metadata);
      assertThat(joiner.complete).isTrue();
    } finally {
      frames.forEach(ByteBuf::release);
    }
  }

  private List<String> write(int mtu, FrameType type, int dataLength, int metadataLength) {
    List<ByteBuf> frames = writeFrames(mtu, type, dataLength, metadataLength);
    try {
      return frames.stream().map(FrameDump::summary).toList();
    } finally {
      frames.forEach(ByteBuf::release);
    }
  }

  private List<ByteBuf> writeFrames(int mtu, FrameType type, int dataLength, int metadataLength) {
    List<ByteBuf> frames = new ArrayList<>();
    ByteBuf metadata = metadataLength < 0 ? null : alloc.buffer().writeZero(metadataLength);
    Fragmenter.write(alloc, mtu, type, 1, 7, metadata, alloc.buffer().writeZero(dataLength),
        true, true, frames::add);
    return frames;
  }

  /** Joins fragments the way a receiver reads them. */
  private static final class Joiner extends FrameListenerAdapter {
    final java.io.ByteArrayOutputStream data = new java.io.ByteArrayOutputStream();
    final java.io.ByteArrayOutputStream metadata = new java.io.ByteArrayOutputStream();
    boolean complete;

    @Override
    public void onRequestChannel(int streamId, int initialRequestN, @Nullable ByteBuf metadata,
        ByteBuf data, boolean follows, boolean complete) {
      add(metadata, data);
      this.complete = complete;
    }

    @Override
    public void onPayload(int streamId, @Nullable ByteBuf metadata, ByteBuf data,
        boolean follows, boolean complete, boolean next) {
      add(metadata, data);
      this.complete = complete;
    }

    private void add(@Nullable ByteBuf metadata, ByteBuf data) {
      if (metadata != null) {
        this.metadata.writeBytes(ByteBufUtil.getBytes(metadata));
      }
      this.data.writeBytes(ByteBufUtil.getBytes(data));
    }
  }
}

package dev.duplex.rsocket.frame;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FrameDumpTests {

  private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;

  @Test
  void summaryListsTheDecodedFields() {
    ByteBuf frame = FrameWriter.requestStream(alloc, 5, 16, utf8("route"), utf8("hello"), true);
    try {
      assertThat(FrameDump.summary(frame))
          .isEqualTo("REQUEST_STREAM stream=5 flags=M|F n=16 metadata=5B data=5B");
      assertThat(FrameDump.describe(frame))
          .startsWith("REQUEST_STREAM stream=5")
          .contains("| 00 00 00 05 19 80 00 00 00 10 00 00 05 72 6f 75 |");
    } finally {
      frame.release();
    }
  }

  @Test
  void summaryNamesErrorCodesAndShowsTheMessage() {
    ByteBuf frame = FrameWriter.error(alloc, 0, ErrorCode.REJECTED_SETUP.code(), "go away");
    try {
      assertThat(FrameDump.summary(frame))
          .isEqualTo("ERROR stream=0 flags=- code=REJECTED_SETUP message=\"go away\"");
    } finally {
      frame.release();
    }
  }

  @Test
  void summaryOfAMalformedFrameSaysWhatIsWrong() {
    ByteBuf frame = Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump("0000000320"));

    assertThat(FrameDump.summary(frame)).startsWith("malformed frame: Frame of 5 bytes");
  }

  private ByteBuf utf8(String text) {
    return ByteBufUtil.writeUtf8(alloc, text);
  }
}

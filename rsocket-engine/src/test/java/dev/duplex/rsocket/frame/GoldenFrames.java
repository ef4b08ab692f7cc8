package dev.duplex.rsocket.frame;

import static dev.duplex.rsocket.frame.FrameBytes.ALLOC;
import static dev.duplex.rsocket.frame.FrameBytes.hex;

import dev.duplex.rsocket.frame.RecordedFrame.CancelFrame;
import dev.duplex.rsocket.frame.RecordedFrame.ErrorFrame;
import dev.duplex.rsocket.frame.RecordedFrame.ExtensionFrame;
import dev.duplex.rsocket.frame.RecordedFrame.KeepAliveFrame;
import dev.duplex.rsocket.frame.RecordedFrame.LeaseFrame;
import dev.duplex.rsocket.frame.RecordedFrame.MetadataPushFrame;
import dev.duplex.rsocket.frame.RecordedFrame.PayloadFrame;
import dev.duplex.rsocket.frame.RecordedFrame.RequestChannelFrame;
import dev.duplex.rsocket.frame.RecordedFrame.RequestFnfFrame;
import dev.duplex.rsocket.frame.RecordedFrame.RequestNFrame;
import dev.duplex.rsocket.frame.RecordedFrame.RequestResponseFrame;
import dev.duplex.rsocket.frame.RecordedFrame.RequestStreamFrame;
import dev.duplex.rsocket.frame.RecordedFrame.ResumeFrame;
import dev.duplex.rsocket.frame.RecordedFrame.ResumeOkFrame;
import dev.duplex.rsocket.frame.RecordedFrame.SetupFrame;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Every frame type with every flag combination that applies, as bytes written by hand from
 * Protocol.md (one hex piece per field, each with its comment), the {@link FrameWriter} call that
 * must produce them, and the fields {@link FrameReader} must decode from them.
 *
 * <p>The type-and-flags word at offset 4 is {@code type << 10 | flags} (checklist #10), with I =
 * {@code 0x200}, M = {@code 0x100}, F/R = {@code 0x080}, C/L = {@code 0x040}, N = {@code 0x020}.
 * The hex here is never produced by our encoder.
 */
final class GoldenFrames {

  // Payload bytes shared by the cases: metadata "meta", data "data", resume token "tok1".
  private static final String META = "6d657461";
  private static final String DATA = "64617461";
  private static final String TOKEN = "746f6b31";
  // SETUP MIME types: "application/json" (16 bytes) and "text/plain" (10 bytes), US-ASCII.
  private static final String JSON = "application/json";
  private static final String TEXT = "text/plain";
  private static final String JSON_HEX = "6170706c69636174696f6e2f6a736f6e";
  private static final String TEXT_HEX = "746578742f706c61696e";

  private GoldenFrames() {
  }

  /** One frame: how to write it, its bytes, and what reading those bytes yields. */
  record GoldenFrame(String name, Function<FrameBytes, ByteBuf> writer, String hex,
      RecordedFrame decoded) {

    /** Writes the frame with {@link FrameWriter}, taking inputs from {@code inputs}. */
    ByteBuf write(FrameBytes inputs) {
      return writer.apply(inputs);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** All golden frames. */
  static List<GoldenFrame> all() {
    List<GoldenFrame> all = new ArrayList<>();
    setup(all);
    lease(all);
    keepAlive(all);
    requestResponse(all);
    requestFireAndForget(all);
    requestStream(all);
    requestChannel(all);
    requestN(all);
    cancel(all);
    payload(all);
    error(all);
    metadataPush(all);
    resume(all);
    resumeOk(all);
    extension(all);
    return all;
  }

  /** The golden frame called {@code name}. */
  static GoldenFrame named(String name) {
    return all().stream().filter(g -> g.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no golden frame " + name));
  }

  // ---- SETUP (checklist #25-#34): R x L x M, plus an empty token and empty metadata

  private static void setup(List<GoldenFrame> all) {
    all.add(new GoldenFrame("SETUP",
        in -> FrameWriter.setup(ALLOC, 1, 0, 30_000, 90_000, null, false, JSON, TEXT, null,
            in.fromHex(DATA)),
        hex("00000000", // stream ID 0 (checklist #25)
            "0400", // type SETUP 0x01 << 10, no flags
            "0001", // major version 1 (checklist #34)
            "0000", // minor version 0
            "00007530", // time between KEEPALIVE frames: 30000 ms
            "00015f90", // max lifetime: 90000 ms
            "10", // metadata MIME length 16
            JSON_HEX, // "application/json"
            "0a", // data MIME length 10
            TEXT_HEX, // "text/plain"
            DATA), // setup data "data" to the end of the frame
        new SetupFrame(0, 1, 0, 30_000, 90_000, null, false, JSON, TEXT, null, DATA)));
    all.add(new GoldenFrame("SETUP M",
        in -> FrameWriter.setup(ALLOC, 1, 0, 30_000, 90_000, null, false, JSON, TEXT,
            in.fromHex(META), in.fromHex(DATA)),
        hex("00000000", // stream ID 0
            "0500", // type SETUP 0x0400 | M 0x100
            "0001", "0000", // version 1.0
            "00007530", // keepalive 30000 ms
            "00015f90", // max lifetime 90000 ms
            "10", JSON_HEX, // metadata MIME
            "0a", TEXT_HEX, // data MIME
            "000004", // metadata length 4 (checklist #18)
            META, // metadata "meta"
            DATA), // data "data"
        new SetupFrame(0, 1, 0, 30_000, 90_000, null, false, JSON, TEXT, META, DATA)));
    all.add(new GoldenFrame("SETUP L",
        in -> FrameWriter.setup(ALLOC, 1, 0, 30_000, 90_000, null, true, JSON, TEXT, null,
            in.fromHex(DATA)),
        hex("00000000", // stream ID 0
            "0440", // type SETUP 0x0400 | L 0x040
            "0001", "0000", // version 1.0
            "00007530", // keepalive 30000 ms
            "00015f90", // max lifetime 90000 ms
            "10", JSON_HEX, // metadata MIME
            "0a", TEXT_HEX, // data MIME
            DATA), // data
        new SetupFrame(0, 1, 0, 30_000, 90_000, null, true, JSON, TEXT, null, DATA)));
    all.add(new GoldenFrame("SETUP M L",
        in -> FrameWriter.setup(ALLOC, 1, 0, 30_000, 90_000, null, true, JSON, TEXT,
            in.fromHex(META), in.fromHex(DATA)),
        hex("00000000", // stream ID 0
            "0540", // type SETUP 0x0400 | M 0x100 | L 0x040
            "0001", "0000", // version 1.0
            "00007530", // keepalive 30000 ms
            "00015f90", // max lifetime 90000 ms
            "10", JSON_HEX, // metadata MIME
            "0a", TEXT_HEX, // data MIME
            "000004", META, // metadata length 4, metadata
            DATA), // data
        new SetupFrame(0, 1, 0, 30_000, 90_000, null, true, JSON, TEXT, META, DATA)));
    all.add(new GoldenFrame("SETUP R",
        in -> FrameWriter.setup(ALLOC, 1, 0, 30_000, 90_000, in.fromHex(TOKEN), false, JSON,
            TEXT, null, in.fromHex(DATA)),
        hex("00000000", // stream ID 0
            "0480", // type SETUP 0x0400 | R 0x080
            "0001", "0000", // version 1.0
            "00007530", // keepalive 30000 ms
            "00015f90", // max lifetime 90000 ms
            "0004", // resume token length 4 (checklist #33)
            TOKEN, // resume token "tok1"
            "10", JSON_HEX, // metadata MIME
            "0a", TEXT_HEX, // data MIME
            DATA), // data
        new SetupFrame(0, 1, 0, 30_000, 90_000, TOKEN, false, JSON, TEXT, null, DATA)));
    all.add(new GoldenFrame("SETUP M R",
        in -> FrameWriter.setup(ALLOC, 1, 0, 30_000, 90_000, in.fromHex(TOKEN), false, JSON,
            TEXT, in.fromHex(META), in.fromHex(DATA)),
        hex("00000000", // stream ID 0
            "0580", // type SETUP 0x0400 | M 0x100 | R 0x080
            "0001", "0000", // version 1.0
            "00007530", // keepalive 30000 ms
            "00015f90", // max lifetime 90000 ms
            "0004", TOKEN, // resume token length 4, token
            "10", JSON_HEX, // metadata MIME
            "0a", TEXT_HEX, // data MIME
            "000004", META, // metadata length 4, metadata
            DATA), // data
        new SetupFrame(0, 1, 0, 30_000, 90_000, TOKEN, false, JSON, TEXT, META, DATA)));
    all.add(new GoldenFrame("SETUP R L",
        in -> FrameWriter.setup(ALLOC, 1, 0, 30_000, 90_000, in.fromHex(TOKEN), true, JSON,
            TEXT, null, in.fromHex(DATA)),
        hex("00000000", // stream ID 0
            "04c0", // type SETUP 0x0400 | R 0x080 | L 0x040
            "0001", "0000", // version 1.0
            "00007530", // keepalive 30000 ms
            "00015f90", // max lifetime 90000 ms
            "0004", TOKEN, // resume token length 4, token
            "10", JSON_HEX, // metadata MIME
            "0a", TEXT_HEX, // data MIME
            DATA), // data
        new SetupFrame(0, 1, 0, 30_000, 90_000, TOKEN, true, JSON, TEXT, null, DATA)));
    all.add(new GoldenFrame("SETUP M R L",
        in -> FrameWriter.setup(ALLOC, 1, 0, 30_000, 90_000, in.fromHex(TOKEN), true, JSON,
            TEXT, in.fromHex(META), in.fromHex(DATA)),
        hex("00000000", // stream ID 0
            "05c0", // type SETUP 0x0400 | M 0x100 | R 0x080 | L 0x040
            "0001", "0000", // version 1.0
            "00007530", // keepalive 30000 ms
            "00015f90", // max lifetime 90000 ms
            "0004", TOKEN, // resume token length 4, token
            "10", JSON_HEX, // metadata MIME
            "0a", TEXT_HEX, // data MIME
            "000004", META, // metadata length 4, metadata
            DATA), // data
        new SetupFrame(0, 1, 0, 30_000, 90_000, TOKEN, true, JSON, TEXT, META, DATA)));
    all.add(new GoldenFrame("SETUP R with empty token, M with empty metadata, no data",
        in -> FrameWriter.setup(ALLOC, 0xFFFF, 0xFFFE, 0x7FFF_FFFF, 1, in.empty(), false, "a",
            "b", in.empty(), in.empty()),
        hex("00000000", // stream ID 0
            "0580", // type SETUP 0x0400 | M 0x100 | R 0x080
            "ffff", // major version 65535
            "fffe", // minor version 65534
            "7fffffff", // keepalive 2^31-1 ms
            "00000001", // max lifetime 1 ms
            "0000", // resume token length 0, no token
            "01", "61", // metadata MIME length 1, "a"
            "01", "62", // data MIME length 1, "b"
            "000000"), // metadata length 0, no metadata, no data
        new SetupFrame(0, 0xFFFF, 0xFFFE, 0x7FFF_FFFF, 1, "", false, "a", "b", "", "")));
  }

  // ---- LEASE (checklist #38-#40): metadata runs to the end, no length field (#22)

  private static void lease(List<GoldenFrame> all) {
    all.add(new GoldenFrame("LEASE",
        in -> FrameWriter.lease(ALLOC, 10_000, 100, null),
        hex("00000000", // stream ID 0 (checklist #38)
            "0800", // type LEASE 0x02 << 10, no flags
            "00002710", // time-to-live 10000 ms
            "00000064"), // number of requests 100
        new LeaseFrame(0, 10_000, 100, null)));
    all.add(new GoldenFrame("LEASE M",
        in -> FrameWriter.lease(ALLOC, 0, 0x7FFF_FFFF, in.fromHex(META)),
        hex("00000000", // stream ID 0
            "0900", // type LEASE 0x0800 | M 0x100
            "00000000", // time-to-live 0: stop all requests (checklist #40)
            "7fffffff", // number of requests 2^31-1
            META), // metadata "meta", no length field (checklist #22)
        new LeaseFrame(0, 0, 0x7FFF_FFFF, META)));
  }

  // ---- KEEPALIVE (checklist #44-#46)

  private static void keepAlive(List<GoldenFrame> all) {
    all.add(new GoldenFrame("KEEPALIVE R",
        in -> FrameWriter.keepAlive(ALLOC, true, 0x12_3456_789AL, in.fromHex(DATA)),
        hex("00000000", // stream ID 0 (checklist #44)
            "0c80", // type KEEPALIVE 0x03 << 10 | R 0x080
            "000000123456789a", // last received position 0x123456789A
            DATA), // data "data"
        new KeepAliveFrame(0, true, 0x12_3456_789AL, DATA)));
    all.add(new GoldenFrame("KEEPALIVE",
        in -> FrameWriter.keepAlive(ALLOC, false, 0, in.empty()),
        hex("00000000", // stream ID 0
            "0c00", // type KEEPALIVE, no flags
            "0000000000000000"), // last received position 0: not supported (checklist #46)
        new KeepAliveFrame(0, false, 0, "")));
    all.add(new GoldenFrame("KEEPALIVE at max position",
        in -> FrameWriter.keepAlive(ALLOC, false, Long.MAX_VALUE, in.fromHex(DATA)),
        hex("00000000", // stream ID 0
            "0c00", // type KEEPALIVE, no flags
            "7fffffffffffffff", // last received position 2^63-1
            DATA), // data
        new KeepAliveFrame(0, false, Long.MAX_VALUE, DATA)));
  }

  // ---- REQUEST_RESPONSE (checklist #47): M x F

  private static void requestResponse(List<GoldenFrame> all) {
    all.add(new GoldenFrame("REQUEST_RESPONSE",
        in -> FrameWriter.requestResponse(ALLOC, 1, null, in.fromHex(DATA), false),
        hex("00000001", // stream ID 1
            "1000", // type REQUEST_RESPONSE 0x04 << 10, no flags
            DATA), // data, no metadata length (checklist #19)
        new RequestResponseFrame(1, null, DATA, false)));
    all.add(new GoldenFrame("REQUEST_RESPONSE M",
        in -> FrameWriter.requestResponse(ALLOC, 1, in.fromHex(META), in.fromHex(DATA), false),
        hex("00000001", // stream ID 1
            "1100", // type 0x1000 | M 0x100
            "000004", // metadata length 4
            META, // metadata
            DATA), // data
        new RequestResponseFrame(1, META, DATA, false)));
    all.add(new GoldenFrame("REQUEST_RESPONSE F",
        in -> FrameWriter.requestResponse(ALLOC, 3, null, in.fromHex(DATA), true),
        hex("00000003", // stream ID 3
            "1080", // type 0x1000 | F 0x080
            DATA), // data
        new RequestResponseFrame(3, null, DATA, true)));
    all.add(new GoldenFrame("REQUEST_RESPONSE M F",
        in -> FrameWriter.requestResponse(ALLOC, 3, in.fromHex(META), in.empty(), true),
        hex("00000003", // stream ID 3
            "1180", // type 0x1000 | M 0x100 | F 0x080
            "000004", // metadata length 4
            META), // metadata; data is empty
        new RequestResponseFrame(3, META, "", true)));
  }

  // ---- REQUEST_FNF (checklist #47): M x F

  private static void requestFireAndForget(List<GoldenFrame> all) {
    all.add(new GoldenFrame("REQUEST_FNF",
        in -> FrameWriter.requestFireAndForget(ALLOC, 5, null, in.fromHex(DATA), false),
        hex("00000005", // stream ID 5
            "1400", // type REQUEST_FNF 0x05 << 10, no flags
            DATA), // data
        new RequestFnfFrame(5, null, DATA, false)));
    all.add(new GoldenFrame("REQUEST_FNF M",
        in -> FrameWriter.requestFireAndForget(ALLOC, 5, in.fromHex(META), in.fromHex(DATA),
            false),
        hex("00000005", // stream ID 5
            "1500", // type 0x1400 | M 0x100
            "000004", META, // metadata length 4, metadata
            DATA), // data
        new RequestFnfFrame(5, META, DATA, false)));
    all.add(new GoldenFrame("REQUEST_FNF F",
        in -> FrameWriter.requestFireAndForget(ALLOC, 5, null, in.fromHex(DATA), true),
        hex("00000005", // stream ID 5
            "1480", // type 0x1400 | F 0x080
            DATA), // data
        new RequestFnfFrame(5, null, DATA, true)));
    all.add(new GoldenFrame("REQUEST_FNF M F",
        in -> FrameWriter.requestFireAndForget(ALLOC, 5, in.empty(), in.fromHex(DATA), true),
        hex("00000005", // stream ID 5
            "1580", // type 0x1400 | M 0x100 | F 0x080
            "000000", // metadata length 0: M set, empty metadata
            DATA), // data
        new RequestFnfFrame(5, "", DATA, true)));
  }

  // ---- REQUEST_STREAM (checklist #48-#49): M x F

  private static void requestStream(List<GoldenFrame> all) {
    all.add(new GoldenFrame("REQUEST_STREAM",
        in -> FrameWriter.requestStream(ALLOC, 7, 16, null, in.fromHex(DATA), false),
        hex("00000007", // stream ID 7
            "1800", // type REQUEST_STREAM 0x06 << 10, no flags
            "00000010", // initial request n 16
            DATA), // data
        new RequestStreamFrame(7, 16, null, DATA, false)));
    all.add(new GoldenFrame("REQUEST_STREAM M",
        in -> FrameWriter.requestStream(ALLOC, 7, 0x7FFF_FFFF, in.fromHex(META),
            in.fromHex(DATA), false),
        hex("00000007", // stream ID 7
            "1900", // type 0x1800 | M 0x100
            "7fffffff", // initial request n 2^31-1 ("unbounded" by convention, checklist #135)
            "000004", META, // metadata length 4, metadata
            DATA), // data
        new RequestStreamFrame(7, 0x7FFF_FFFF, META, DATA, false)));
    all.add(new GoldenFrame("REQUEST_STREAM F",
        in -> FrameWriter.requestStream(ALLOC, 7, 1, null, in.fromHex(DATA), true),
        hex("00000007", // stream ID 7
            "1880", // type 0x1800 | F 0x080
            "00000001", // initial request n 1
            DATA), // data
        new RequestStreamFrame(7, 1, null, DATA, true)));
    all.add(new GoldenFrame("REQUEST_STREAM M F",
        in -> FrameWriter.requestStream(ALLOC, 7, 1, in.fromHex(META), in.fromHex(DATA), true),
        hex("00000007", // stream ID 7
            "1980", // type 0x1800 | M 0x100 | F 0x080
            "00000001", // initial request n 1
            "000004", META, // metadata length 4, metadata
            DATA), // data
        new RequestStreamFrame(7, 1, META, DATA, true)));
  }

  // ---- REQUEST_CHANNEL (checklist #50-#52): M x F x C

  private static void requestChannel(List<GoldenFrame> all) {
    all.add(new GoldenFrame("REQUEST_CHANNEL",
        in -> FrameWriter.requestChannel(ALLOC, 9, 8, null, in.fromHex(DATA), false, false),
        hex("00000009", // stream ID 9
            "1c00", // type REQUEST_CHANNEL 0x07 << 10, no flags
            "00000008", // initial request n 8
            DATA), // data
        new RequestChannelFrame(9, 8, null, DATA, false, false)));
    all.add(new GoldenFrame("REQUEST_CHANNEL M",
        in -> FrameWriter.requestChannel(ALLOC, 9, 8, in.fromHex(META), in.fromHex(DATA), false,
            false),
        hex("00000009", // stream ID 9
            "1d00", // type 0x1c00 | M 0x100
            "00000008", // initial request n 8
            "000004", META, // metadata length 4, metadata
            DATA), // data
        new RequestChannelFrame(9, 8, META, DATA, false, false)));
    all.add(new GoldenFrame("REQUEST_CHANNEL F",
        in -> FrameWriter.requestChannel(ALLOC, 9, 8, null, in.fromHex(DATA), true, false),
        hex("00000009", // stream ID 9
            "1c80", // type 0x1c00 | F 0x080
            "00000008", // initial request n 8
            DATA), // data
        new RequestChannelFrame(9, 8, null, DATA, true, false)));
    all.add(new GoldenFrame("REQUEST_CHANNEL M F",
        in -> FrameWriter.requestChannel(ALLOC, 9, 8, in.fromHex(META), in.fromHex(DATA), true,
            false),
        hex("00000009", // stream ID 9
            "1d80", // type 0x1c00 | M 0x100 | F 0x080
            "00000008", // initial request n 8
            "000004", META, // metadata length 4, metadata
            DATA), // data
        new RequestChannelFrame(9, 8, META, DATA, true, false)));
    all.add(new GoldenFrame("REQUEST_CHANNEL C",
        in -> FrameWriter.requestChannel(ALLOC, 9, 8, null, in.fromHex(DATA), false, true),
        hex("00000009", // stream ID 9
            "1c40", // type 0x1c00 | C 0x040 (checklist #52)
            "00000008", // initial request n 8
            DATA), // data
        new RequestChannelFrame(9, 8, null, DATA, false, true)));
    all.add(new GoldenFrame("REQUEST_CHANNEL M C",
        in -> FrameWriter.requestChannel(ALLOC, 9, 8, in.fromHex(META), in.fromHex(DATA), false,
            true),
        hex("00000009", // stream ID 9
            "1d40", // type 0x1c00 | M 0x100 | C 0x040
            "00000008", // initial request n 8
            "000004", META, // metadata length 4, metadata
            DATA), // data
        new RequestChannelFrame(9, 8, META, DATA, false, true)));
    all.add(new GoldenFrame("REQUEST_CHANNEL F C",
        in -> FrameWriter.requestChannel(ALLOC, 9, 8, null, in.fromHex(DATA), true, true),
        hex("00000009", // stream ID 9
            "1cc0", // type 0x1c00 | F 0x080 | C 0x040
            "00000008", // initial request n 8
            DATA), // data
        new RequestChannelFrame(9, 8, null, DATA, true, true)));
    all.add(new GoldenFrame("REQUEST_CHANNEL M F C",
        in -> FrameWriter.requestChannel(ALLOC, 9, 8, in.fromHex(META), in.fromHex(DATA), true,
            true),
        hex("00000009", // stream ID 9
            "1dc0", // type 0x1c00 | M 0x100 | F 0x080 | C 0x040
            "00000008", // initial request n 8
            "000004", META, // metadata length 4, metadata
            DATA), // data
        new RequestChannelFrame(9, 8, META, DATA, true, true)));
  }

  // ---- REQUEST_N (checklist #53-#54)

  private static void requestN(List<GoldenFrame> all) {
    all.add(new GoldenFrame("REQUEST_N",
        in -> FrameWriter.requestN(ALLOC, 11, 3),
        hex("0000000b", // stream ID 11
            "2000", // type REQUEST_N 0x08 << 10, no flags
            "00000003"), // request n 3; the frame is 10 bytes (checklist #53)
        new RequestNFrame(11, 3)));
    all.add(new GoldenFrame("REQUEST_N max",
        in -> FrameWriter.requestN(ALLOC, 0x7FFF_FFFF, 0x7FFF_FFFF),
        hex("7fffffff", // stream ID 2^31-1 (checklist #7)
            "2000", // type REQUEST_N
            "7fffffff"), // request n 2^31-1
        new RequestNFrame(0x7FFF_FFFF, 0x7FFF_FFFF)));
  }

  // ---- CANCEL (checklist #55)

  private static void cancel(List<GoldenFrame> all) {
    all.add(new GoldenFrame("CANCEL",
        in -> FrameWriter.cancel(ALLOC, 13),
        hex("0000000d", // stream ID 13
            "2400"), // type CANCEL 0x09 << 10; header only (checklist #55)
        new CancelFrame(13)));
  }

  // ---- PAYLOAD (checklist #56-#60): {N, C, N+C} x F x M

  private static void payload(List<GoldenFrame> all) {
    all.add(new GoldenFrame("PAYLOAD N",
        in -> FrameWriter.payload(ALLOC, 2, null, in.fromHex(DATA), false, false, true),
        hex("00000002", // stream ID 2
            "2820", // type PAYLOAD 0x0a << 10 | N 0x020
            DATA), // data
        new PayloadFrame(2, null, DATA, false, false, true)));
    all.add(new GoldenFrame("PAYLOAD C",
        in -> FrameWriter.payload(ALLOC, 2, null, in.empty(), false, true, false),
        hex("00000002", // stream ID 2
            "2840"), // type 0x2800 | C 0x040; no payload
        new PayloadFrame(2, null, "", false, true, false)));
    all.add(new GoldenFrame("PAYLOAD N C",
        in -> FrameWriter.payload(ALLOC, 2, null, in.fromHex(DATA), false, true, true),
        hex("00000002", // stream ID 2
            "2860", // type 0x2800 | C 0x040 | N 0x020
            DATA), // data
        new PayloadFrame(2, null, DATA, false, true, true)));
    all.add(new GoldenFrame("PAYLOAD F N",
        in -> FrameWriter.payload(ALLOC, 2, null, in.fromHex(DATA), true, false, true),
        hex("00000002", // stream ID 2
            "28a0", // type 0x2800 | F 0x080 | N 0x020
            DATA), // data
        new PayloadFrame(2, null, DATA, true, false, true)));
    all.add(new GoldenFrame("PAYLOAD F C",
        in -> FrameWriter.payload(ALLOC, 2, null, in.empty(), true, true, false),
        hex("00000002", // stream ID 2
            "28c0"), // type 0x2800 | F 0x080 | C 0x040 (F is ignored with C, checklist #60)
        new PayloadFrame(2, null, "", true, true, false)));
    all.add(new GoldenFrame("PAYLOAD F N C",
        in -> FrameWriter.payload(ALLOC, 2, null, in.fromHex(DATA), true, true, true),
        hex("00000002", // stream ID 2
            "28e0", // type 0x2800 | F 0x080 | C 0x040 | N 0x020
            DATA), // data
        new PayloadFrame(2, null, DATA, true, true, true)));
    all.add(new GoldenFrame("PAYLOAD M N",
        in -> FrameWriter.payload(ALLOC, 4, in.fromHex(META), in.fromHex(DATA), false, false,
            true),
        hex("00000004", // stream ID 4
            "2920", // type 0x2800 | M 0x100 | N 0x020
            "000004", META, // metadata length 4, metadata
            DATA), // data
        new PayloadFrame(4, META, DATA, false, false, true)));
    all.add(new GoldenFrame("PAYLOAD M C",
        in -> FrameWriter.payload(ALLOC, 4, in.fromHex(META), in.empty(), false, true, false),
        hex("00000004", // stream ID 4
            "2940", // type 0x2800 | M 0x100 | C 0x040
            "000004", META), // metadata length 4, metadata; no data
        new PayloadFrame(4, META, "", false, true, false)));
    all.add(new GoldenFrame("PAYLOAD M N C",
        in -> FrameWriter.payload(ALLOC, 4, in.fromHex(META), in.fromHex(DATA), false, true,
            true),
        hex("00000004", // stream ID 4
            "2960", // type 0x2800 | M 0x100 | C 0x040 | N 0x020
            "000004", META, // metadata length 4, metadata
            DATA), // data
        new PayloadFrame(4, META, DATA, false, true, true)));
    all.add(new GoldenFrame("PAYLOAD M F N",
        in -> FrameWriter.payload(ALLOC, 4, in.fromHex(META), in.fromHex(DATA), true, false,
            true),
        hex("00000004", // stream ID 4
            "29a0", // type 0x2800 | M 0x100 | F 0x080 | N 0x020
            "000004", META, // metadata length 4, metadata
            DATA), // data
        new PayloadFrame(4, META, DATA, true, false, true)));
    all.add(new GoldenFrame("PAYLOAD M F C",
        in -> FrameWriter.payload(ALLOC, 4, in.fromHex(META), in.empty(), true, true, false),
        hex("00000004", // stream ID 4
            "29c0", // type 0x2800 | M 0x100 | F 0x080 | C 0x040
            "000004", META), // metadata length 4, metadata
        new PayloadFrame(4, META, "", true, true, false)));
    all.add(new GoldenFrame("PAYLOAD M F N C",
        in -> FrameWriter.payload(ALLOC, 4, in.fromHex(META), in.fromHex(DATA), true, true,
            true),
        hex("00000004", // stream ID 4
            "29e0", // type 0x2800 | M 0x100 | F 0x080 | C 0x040 | N 0x020
            "000004", META, // metadata length 4, metadata
            DATA), // data
        new PayloadFrame(4, META, DATA, true, true, true)));
    all.add(new GoldenFrame("PAYLOAD N with empty data",
        in -> FrameWriter.payload(ALLOC, 6, null, in.empty(), false, false, true),
        hex("00000006", // stream ID 6
            "2820"), // type 0x2800 | N 0x020: onNext with an empty payload (checklist #59)
        new PayloadFrame(6, null, "", false, false, true)));
  }

  // ---- ERROR (checklist #35-#37, #143): every named code and two application-defined codes

  private static void error(List<GoldenFrame> all) {
    // {name, stream ID hex, error code hex} as in the spec's Error Codes table.
    String[][] codes = {
        {"INVALID_SETUP", "00000000", "00000001"},
        {"UNSUPPORTED_SETUP", "00000000", "00000002"},
        {"REJECTED_SETUP", "00000000", "00000003"},
        {"REJECTED_RESUME", "00000000", "00000004"},
        {"CONNECTION_ERROR", "00000000", "00000101"},
        {"CONNECTION_CLOSE", "00000000", "00000102"},
        {"APPLICATION_ERROR", "00000005", "00000201"},
        {"REJECTED", "00000005", "00000202"},
        {"CANCELED", "00000005", "00000203"},
        {"INVALID", "00000005", "00000204"},
        {"0x00000301", "00000005", "00000301"}, // lowest application-defined code
        {"0xFFFFFFFE", "00000005", "fffffffe"}, // highest application-defined code
    };
    for (String[] code : codes) {
      int streamId = Integer.parseUnsignedInt(code[1], 16);
      int errorCode = Integer.parseUnsignedInt(code[2], 16);
      all.add(new GoldenFrame("ERROR " + code[0],
          in -> FrameWriter.error(ALLOC, streamId, errorCode, "bad"),
          hex(code[1], // stream ID: 0 for connection errors, > 0 for stream errors (#37)
              "2c00", // type ERROR 0x0b << 10, no flags
              code[2], // error code
              "626164"), // error data "bad", UTF-8, not null-terminated (checklist #36)
          new ErrorFrame(streamId, errorCode, "626164")));
    }
    all.add(new GoldenFrame("ERROR with UTF-8 message",
        in -> FrameWriter.error(ALLOC, 5, ErrorCode.APPLICATION_ERROR.code(), "café"),
        hex("00000005", // stream ID 5
            "2c00", // type ERROR
            "00000201", // APPLICATION_ERROR
            "636166c3a9"), // "café": 'é' is c3 a9 in UTF-8
        new ErrorFrame(5, 0x201, "636166c3a9")));
    all.add(new GoldenFrame("ERROR with empty message",
        in -> FrameWriter.error(ALLOC, 0, ErrorCode.CONNECTION_CLOSE.code(), ""),
        hex("00000000", // stream ID 0
            "2c00", // type ERROR
            "00000102"), // CONNECTION_CLOSE, no error data
        new ErrorFrame(0, 0x102, "")));
  }

  // ---- METADATA_PUSH (checklist #61-#62): M always set, no metadata length

  private static void metadataPush(List<GoldenFrame> all) {
    all.add(new GoldenFrame("METADATA_PUSH",
        in -> FrameWriter.metadataPush(ALLOC, in.fromHex(META)),
        hex("00000000", // stream ID 0 (checklist #61)
            "3100", // type METADATA_PUSH 0x0c << 10 | M 0x100 (checklist #62)
            META), // metadata to the end, no length field
        new MetadataPushFrame(0, META)));
    all.add(new GoldenFrame("METADATA_PUSH empty",
        in -> FrameWriter.metadataPush(ALLOC, in.empty()),
        hex("00000000", // stream ID 0
            "3100"), // type METADATA_PUSH | M; empty metadata
        new MetadataPushFrame(0, "")));
  }

  // ---- RESUME (checklist #64-#65)

  private static void resume(List<GoldenFrame> all) {
    all.add(new GoldenFrame("RESUME",
        in -> FrameWriter.resume(ALLOC, 1, 0, in.fromHex(TOKEN), 16, 8),
        hex("00000000", // stream ID 0 (checklist #64)
            "3400", // type RESUME 0x0d << 10, no flags
            "0001", // major version 1
            "0000", // minor version 0
            "0004", // resume token length 4
            TOKEN, // resume token "tok1"
            "0000000000000010", // last received server position 16
            "0000000000000008"), // first available client position 8
        new ResumeFrame(0, 1, 0, TOKEN, 16, 8)));
    all.add(new GoldenFrame("RESUME with empty token and max positions",
        in -> FrameWriter.resume(ALLOC, 1, 0, in.empty(), Long.MAX_VALUE, Long.MAX_VALUE),
        hex("00000000", // stream ID 0
            "3400", // type RESUME
            "0001", "0000", // version 1.0
            "0000", // resume token length 0
            "7fffffffffffffff", // last received server position 2^63-1
            "7fffffffffffffff"), // first available client position 2^63-1
        new ResumeFrame(0, 1, 0, "", Long.MAX_VALUE, Long.MAX_VALUE)));
  }

  // ---- RESUME_OK (checklist #66)

  private static void resumeOk(List<GoldenFrame> all) {
    all.add(new GoldenFrame("RESUME_OK",
        in -> FrameWriter.resumeOk(ALLOC, 1024),
        hex("00000000", // stream ID 0 (checklist #66)
            "3800", // type RESUME_OK 0x0e << 10, no flags
            "0000000000000400"), // last received client position 1024; 14 bytes in all
        new ResumeOkFrame(0, 1024)));
  }

  // ---- EXT (checklist #67-#68): I x M

  private static void extension(List<GoldenFrame> all) {
    all.add(new GoldenFrame("EXT",
        in -> FrameWriter.extension(ALLOC, 5, 0xABCDEF, false, null, in.fromHex(DATA)),
        hex("00000005", // stream ID 5
            "fc00", // type EXT 0x3f << 10, no flags
            "00abcdef", // extended type 0xABCDEF
            DATA), // body
        new ExtensionFrame(5, 0xABCDEF, false, null, DATA)));
    all.add(new GoldenFrame("EXT I",
        in -> FrameWriter.extension(ALLOC, 5, 1, true, null, in.fromHex(DATA)),
        hex("00000005", // stream ID 5
            "fe00", // type 0xfc00 | I 0x200
            "00000001", // extended type 1
            DATA), // body
        new ExtensionFrame(5, 1, true, null, DATA)));
    all.add(new GoldenFrame("EXT M",
        in -> FrameWriter.extension(ALLOC, 0, 0x7FFF_FFFF, false, in.fromHex(META),
            in.fromHex(DATA)),
        hex("00000000", // stream ID 0
            "fd00", // type 0xfc00 | M 0x100
            "7fffffff", // extended type 2^31-1
            "000004", META, // metadata length 4, metadata
            DATA), // data
        new ExtensionFrame(0, 0x7FFF_FFFF, false, META, DATA)));
    all.add(new GoldenFrame("EXT I M",
        in -> FrameWriter.extension(ALLOC, 5, 2, true, in.fromHex(META), in.fromHex(DATA)),
        hex("00000005", // stream ID 5
            "ff00", // type 0xfc00 | I 0x200 | M 0x100
            "00000002", // extended type 2
            "000004", META, // metadata length 4, metadata
            DATA), // data
        new ExtensionFrame(5, 2, true, META, DATA)));
  }
}

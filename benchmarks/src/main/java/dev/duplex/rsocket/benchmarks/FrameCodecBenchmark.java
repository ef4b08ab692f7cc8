package dev.duplex.rsocket.benchmarks;

import dev.duplex.rsocket.frame.FrameListenerAdapter;
import dev.duplex.rsocket.frame.FrameReader;
import dev.duplex.rsocket.frame.FrameWriter;
import dev.duplex.rsocket.frame.metadata.CompositeMetadata;
import dev.duplex.rsocket.frame.metadata.RoutingMetadata;
import dev.duplex.rsocket.frame.metadata.WellKnownMimeType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.rsocket.frame.FrameHeaderCodec;
import io.rsocket.frame.FrameType;
import io.rsocket.frame.PayloadFrameCodec;
import io.rsocket.frame.RequestResponseFrameCodec;
import io.rsocket.metadata.CompositeMetadataCodec;
import io.rsocket.metadata.TaggingMetadataCodec;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Encodes and decodes a routed REQUEST_RESPONSE and PAYLOAD frame (32 bytes of data, a routing tag
 * in composite metadata) with Duplex's codec and with rsocket-java's.
 *
 * <p>Encoding builds the composite metadata with its routing entry and the frame, as a requester
 * does for each request. Decoding reads the frame type, stream ID, route (as a {@code String}) and
 * data, as a responder does before it can pick a handler. Run with {@code -prof gc} for bytes/op.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Dio.netty.leakDetection.level=disabled")
public class FrameCodecBenchmark {

  private static final String ROUTE = "greetings.hello";
  private static final List<String> ROUTES = List.of(ROUTE);
  private static final byte[] DATA = new byte[32];
  private static final int STREAM_ID = 1;

  private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
  private final RouteReader routeReader = new RouteReader();
  private final FrameReader frameReader = new FrameReader(); // one per connection, as the engine has

  private ByteBuf requestResponse;
  private ByteBuf payload;

  @Setup(Level.Trial)
  public void encodeInputs() {
    requestResponse = duplexEncodeRequestResponse();
    payload = duplexEncodePayload();
  }

  @TearDown(Level.Trial)
  public void release() {
    requestResponse.release();
    payload.release();
  }

  @Benchmark
  public void encodeRequestResponseDuplex(Blackhole hole) {
    ByteBuf frame = duplexEncodeRequestResponse();
    hole.consume(frame.readableBytes());
    frame.release();
  }

  @Benchmark
  public void encodeRequestResponseRSocketJava(Blackhole hole) {
    ByteBuf frame = RequestResponseFrameCodec.encode(alloc, STREAM_ID, false,
        rsocketJavaRoutingMetadata(), data());
    hole.consume(frame.readableBytes());
    frame.release();
  }

  @Benchmark
  public void encodePayloadDuplex(Blackhole hole) {
    ByteBuf frame = duplexEncodePayload();
    hole.consume(frame.readableBytes());
    frame.release();
  }

  @Benchmark
  public void encodePayloadRSocketJava(Blackhole hole) {
    ByteBuf frame = PayloadFrameCodec.encode(alloc, STREAM_ID, false, true, true,
        rsocketJavaRoutingMetadata(), data());
    hole.consume(frame.readableBytes());
    frame.release();
  }

  @Benchmark
  public void decodeRequestResponseDuplex(Blackhole hole) {
    frameReader.decode(requestResponse, routeReader);
    hole.consume(routeReader.streamId);
    hole.consume(routeReader.route);
    hole.consume(routeReader.dataLength);
  }

  @Benchmark
  public void decodeRequestResponseRSocketJava(Blackhole hole) {
    ByteBuf frame = requestResponse;
    hole.consume(FrameHeaderCodec.frameType(frame) == FrameType.REQUEST_RESPONSE);
    hole.consume(FrameHeaderCodec.streamId(frame));
    hole.consume(rsocketJavaRoute(RequestResponseFrameCodec.metadata(frame)));
    hole.consume(RequestResponseFrameCodec.data(frame).readableBytes());
  }

  @Benchmark
  public void decodePayloadDuplex(Blackhole hole) {
    frameReader.decode(payload, routeReader);
    hole.consume(routeReader.streamId);
    hole.consume(routeReader.route);
    hole.consume(routeReader.dataLength);
  }

  @Benchmark
  public void decodePayloadRSocketJava(Blackhole hole) {
    ByteBuf frame = payload;
    hole.consume(FrameHeaderCodec.frameType(frame) == FrameType.NEXT_COMPLETE);
    hole.consume(FrameHeaderCodec.streamId(frame));
    hole.consume(rsocketJavaRoute(PayloadFrameCodec.metadata(frame)));
    hole.consume(PayloadFrameCodec.data(frame).readableBytes());
  }

  private ByteBuf duplexEncodeRequestResponse() {
    return FrameWriter.requestResponse(alloc, STREAM_ID, duplexRoutingMetadata(), data(), false);
  }

  private ByteBuf duplexEncodePayload() {
    return FrameWriter.payload(alloc, STREAM_ID, duplexRoutingMetadata(), data(), false, true,
        true);
  }

  private ByteBuf duplexRoutingMetadata() {
    ByteBuf metadata = alloc.buffer(4 + 1 + ROUTE.length());
    CompositeMetadata.encodeRoutingEntry(metadata, ROUTE);
    return metadata;
  }

  private ByteBuf rsocketJavaRoutingMetadata() {
    CompositeByteBuf metadata = alloc.compositeBuffer();
    ByteBuf routing = TaggingMetadataCodec.createRoutingMetadata(alloc, ROUTES).getContent();
    CompositeMetadataCodec.encodeAndAddMetadata(metadata, alloc,
        io.rsocket.metadata.WellKnownMimeType.MESSAGE_RSOCKET_ROUTING, routing);
    return metadata;
  }

  private ByteBuf data() {
    return alloc.buffer(DATA.length).writeBytes(DATA);
  }

  private static @Nullable String rsocketJavaRoute(ByteBuf metadata) {
    for (io.rsocket.metadata.CompositeMetadata.Entry entry
        : new io.rsocket.metadata.CompositeMetadata(metadata, false)) {
      if (io.rsocket.metadata.WellKnownMimeType.MESSAGE_RSOCKET_ROUTING.getString()
          .equals(entry.getMimeType())) {
        return new io.rsocket.metadata.RoutingMetadata(entry.getContent()).iterator().next();
      }
    }
    return null;
  }

  /** Takes what a responder needs from a request: stream, route, data. */
  private static final class RouteReader extends FrameListenerAdapter {

    int streamId;
    @Nullable String route;
    int dataLength;

    private void request(int streamId, @Nullable ByteBuf metadata, ByteBuf data) {
      this.streamId = streamId;
      ByteBuf routing = metadata == null ? null
          : CompositeMetadata.findFirst(metadata, WellKnownMimeType.MESSAGE_RSOCKET_ROUTING);
      this.route = routing == null ? null : RoutingMetadata.firstTag(routing);
      this.dataLength = data.readableBytes();
    }

    @Override
    public void onRequestResponse(int streamId, @Nullable ByteBuf metadata, ByteBuf data,
        boolean follows) {
      request(streamId, metadata, data);
    }

    @Override
    public void onPayload(int streamId, @Nullable ByteBuf metadata, ByteBuf data,
        boolean follows, boolean complete, boolean next) {
      request(streamId, metadata, data);
    }
  }
}

package dev.duplex.rsocket.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.duplex.rsocket.frame.FrameDecodingException;
import dev.duplex.rsocket.frame.FrameWriter;
import dev.duplex.rsocket.transport.FrameReceiver;
import dev.duplex.rsocket.transport.RecordingReceiver;
import dev.duplex.rsocket.transport.RecordingReceiver.ReceivedFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalServerChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * The connection over an {@link EmbeddedChannel}, whose event loop is the test thread, or over a
 * local channel on a real event loop where flush timing matters: reading
 * only once started, frame ownership, flushes per read batch and per event-loop turn, and how
 * errors and closes reach the receiver.
 */
class ChannelDuplexConnectionTests {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final FlushCounter flushes = new FlushCounter();
  private final EmbeddedChannel channel = new EmbeddedChannel(flushes);
  private final ChannelDuplexConnection connection = new ChannelDuplexConnection(channel);

  ChannelDuplexConnectionTests() {
    channel.pipeline().addLast(ChannelDuplexConnection.HANDLER_NAME, connection.handler());
  }

  @AfterEach
  void close() {
    channel.finishAndReleaseAll();
  }

  @Test
  void readsOnlyOnceStarted() {
    assertThat(channel.config().isAutoRead()).isFalse();

    connection.start(RecordingReceiver.recording(connection));

    assertThat(channel.config().isAutoRead()).isTrue();
  }

  @Test
  void framesAndErrorsBeforeStartAreHeldAndDeliveredInOrderOnStart() {
    ByteBuf first = cancel(1);
    ByteBuf second = cancel(3);
    channel.writeInbound(first);
    channel.pipeline().fireExceptionCaught(new TooLongFrameException("too long"));
    channel.writeInbound(second);
    assertThat(first.refCnt()).isOne();

    RecordingReceiver receiver = RecordingReceiver.recording(connection);
    connection.start(receiver);

    assertThat(receiver.frames()).extracting(ReceivedFrame::streamId).containsExactly(1, 3);
    assertThat(receiver.transportErrors()).singleElement()
        .isInstanceOf(TooLongFrameException.class);
    assertThat(first.refCnt()).isZero();
    assertThat(second.refCnt()).isZero();
  }

  @Test
  void framesHeldBeforeStartAreReleasedWhenTheChannelCloses() {
    ByteBuf frame = cancel(1);
    channel.writeInbound(frame);

    channel.close();

    assertThat(frame.refCnt()).isZero();
    RecordingReceiver receiver = RecordingReceiver.recording(connection);
    connection.start(receiver);
    assertThat(receiver.frames()).isEmpty();
    assertThat(receiver.closed()).isCompletedWithValue(Optional.empty());
  }

  @Test
  void deliveredFramesAreReleasedAfterTheReceiverReturns() {
    RecordingReceiver receiver = RecordingReceiver.recording(connection);
    connection.start(receiver);
    ByteBuf frame = cancel(5);

    channel.writeInbound(frame);

    assertThat(receiver.frames()).extracting(ReceivedFrame::streamId).containsExactly(5);
    assertThat(frame.refCnt()).isZero();
  }

  @Test
  void otherMessagesPassOn() {
    connection.start(RecordingReceiver.recording(connection));

    channel.writeInbound("not a frame");

    Object passedOn = channel.readInbound();
    assertThat(passedOn).isEqualTo("not a frame");
  }

  @Test
  void writesDuringAReadAreFlushedOnceWhenTheReadCompletes() {
    connection.start(RecordingReceiver.echo(connection));

    channel.writeInbound(cancel(1), cancel(3), cancel(5));

    assertThat(flushes.count).isOne();
    assertThat(readOutboundStreamIds()).containsExactly(1, 3, 5);
    channel.runPendingTasks();
    assertThat(flushes.count).isOne();
  }

  @Test
  void writesOutsideAReadAreFlushedOnceByATaskAtTheEndOfTheTurn() throws Exception {
    try (RealLoop loop = new RealLoop()) {
      loop.connection.start(RecordingReceiver.recording(loop.connection));

      int flushedDuringTheTurn = loop.call(() -> {
        loop.connection.send(cancel(1));
        loop.connection.send(cancel(3));
        loop.connection.send(cancel(5));
        return loop.flushes.count;
      });
      int flushedAfterTheTurn = loop.call(() -> loop.flushes.count);

      assertThat(flushedDuringTheTurn).isZero();
      assertThat(flushedAfterTheTurn).isOne();
    }
  }

  @Test
  void sendsFromAnotherThreadShareTheFlushOfTheirTurn() throws Exception {
    try (RealLoop loop = new RealLoop()) {
      loop.connection.start(RecordingReceiver.recording(loop.connection));
      CountDownLatch release = new CountDownLatch(1);
      loop.channel.eventLoop().execute(() -> await(release));

      for (int streamId = 1; streamId <= 99; streamId += 2) {
        loop.connection.send(cancel(streamId));
      }
      release.countDown();
      // the first write schedules the flush behind the tasks queued by then, maybe this one too
      loop.call(() -> loop.flushes.count);

      assertThat(loop.call(() -> loop.flushes.count)).isOne();
    }
  }

  @Test
  void framesSentAfterCloseAreReleased() {
    connection.start(RecordingReceiver.recording(connection));
    channel.close();
    ByteBuf frame = cancel(1);

    connection.send(frame);

    assertThat(frame.refCnt()).isZero();
  }

  @Test
  void disposeFlushesWhatWasSentAndClosesCleanly() {
    RecordingReceiver receiver = RecordingReceiver.recording(connection);
    connection.start(receiver);
    connection.send(cancel(1));

    connection.dispose();

    assertThat(connection.isDisposed()).isTrue();
    assertThat(channel.isOpen()).isFalse();
    assertThat(readOutboundStreamIds()).containsExactly(1);
    assertThat(receiver.closed()).isCompletedWithValue(Optional.empty());
    StepVerifier.create(connection.onClose()).expectComplete().verify(TIMEOUT);
  }

  @Test
  void decoderFailureReachesTheReceiverUnwrappedAndTheChannelStaysOpen() {
    RecordingReceiver receiver = RecordingReceiver.recording(connection);
    connection.start(receiver);
    FrameDecodingException cause = new FrameDecodingException("bad frame", null, 0, false);

    channel.pipeline().fireExceptionCaught(new DecoderException(cause));

    assertThat(receiver.transportErrors()).containsExactly(cause);
    assertThat(channel.isOpen()).isTrue();
  }

  @Test
  void ioFailureClosesTheConnectionWithIt() {
    RecordingReceiver receiver = RecordingReceiver.recording(connection);
    connection.start(receiver);
    IOException reset = new IOException("Connection reset by peer");

    channel.pipeline().fireExceptionCaught(reset);

    assertThat(receiver.transportErrors()).isEmpty();
    assertThat(receiver.closed()).isCompletedWithValue(Optional.of(reset));
    StepVerifier.create(connection.onClose()).expectErrorMatches(e -> e == reset).verify(TIMEOUT);
    assertThat(connection.isDisposed()).isTrue();
  }

  @Test
  void receiverThatThrowsClosesTheConnectionWithItsErrorAndTheFrameIsReleased() {
    IllegalStateException failure = new IllegalStateException("receiver failed");
    ClosedRecorder receiver = new ClosedRecorder() {
      @Override
      public void onFrame(ByteBuf frame) {
        throw failure;
      }
    };
    connection.start(receiver);
    ByteBuf frame = cancel(1);

    channel.writeInbound(frame);

    assertThat(frame.refCnt()).isZero();
    assertThat(receiver.closeCause).isSameAs(failure);
    StepVerifier.create(connection.onClose()).expectErrorMatches(e -> e == failure)
        .verify(TIMEOUT);
  }

  @Test
  void writabilityChangesReachTheReceiver() throws Exception {
    try (RealLoop loop = new RealLoop()) {
      loop.channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(8, 16));
      RecordingReceiver receiver = RecordingReceiver.recording(loop.connection);
      loop.connection.start(receiver);

      boolean writableAfterSends = loop.call(() -> {
        loop.connection.send(cancel(1));
        loop.connection.send(cancel(3));
        loop.connection.send(cancel(5));
        return loop.connection.isWritable();
      });
      boolean writableAfterFlush = loop.call(loop.connection::isWritable);

      assertThat(writableAfterSends).isFalse();
      assertThat(writableAfterFlush).isTrue();
      assertThat(receiver.writability()).containsExactly(false, true);
    }
  }

  @Test
  void startingTwiceFails() {
    connection.start(RecordingReceiver.recording(connection));

    assertThatIllegalStateException()
        .isThrownBy(() -> connection.start(RecordingReceiver.recording(connection)))
        .withMessageStartingWith("start: a receiver is already registered on the connection from ");
  }

  @Test
  void acceptorThatThrowsClosesTheConnectionWithItsError() {
    IllegalStateException failure = new IllegalStateException("acceptor failed");

    connection.handTo(accepted -> {
      throw failure;
    });

    assertThat(channel.isOpen()).isFalse();
    StepVerifier.create(connection.onClose()).expectErrorMatches(e -> e == failure)
        .verify(TIMEOUT);
  }

  private static ByteBuf cancel(int streamId) {
    return FrameWriter.cancel(ByteBufAllocator.DEFAULT, streamId);
  }

  private List<Integer> readOutboundStreamIds() {
    List<Integer> streamIds = new ArrayList<>();
    for (ByteBuf frame = channel.readOutbound(); frame != null; frame = channel.readOutbound()) {
      streamIds.add(ReceivedFrame.of(frame).streamId());
      frame.release();
    }
    return streamIds;
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * A connection over a local channel on a real event loop, for what {@link EmbeddedChannel}
   * cannot show: it runs pending tasks on every write, so a flush task would run too early. The
   * peer releases whatever it reads.
   */
  private static final class RealLoop implements AutoCloseable {

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
        LocalIoHandler.newFactory());
    private final FlushCounter flushes = new FlushCounter();
    private final Channel server;
    private final Channel channel;
    private final ChannelDuplexConnection connection;

    RealLoop() throws InterruptedException {
      LocalAddress address = new LocalAddress("channel-duplex-connection-" + UUID.randomUUID());
      server = new ServerBootstrap().group(group).channel(LocalServerChannel.class)
          .childHandler(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
              ReferenceCountUtil.release(msg);
            }
          })
          .bind(address).sync().channel();
      channel = new Bootstrap().group(group).channel(LocalChannel.class).handler(flushes)
          .connect(address).sync().channel();
      connection = new ChannelDuplexConnection(channel);
      channel.pipeline().addLast(connection.handler());
    }

    <T> T call(Callable<T> task) throws Exception {
      return channel.eventLoop().submit(task).get(5, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
      channel.close().syncUninterruptibly();
      server.close().syncUninterruptibly();
      group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  /** Counts flushes that reach the head of the pipeline. */
  @ChannelHandler.Sharable
  private static final class FlushCounter extends ChannelOutboundHandlerAdapter {

    private volatile int count;

    @Override
    public void flush(ChannelHandlerContext ctx) {
      count++;
      ctx.flush();
    }
  }

  /** A receiver that keeps only the cause it is closed with. */
  private abstract static class ClosedRecorder implements FrameReceiver {

    private @Nullable Throwable closeCause;

    @Override
    public void onTransportError(Throwable cause) {
    }

    @Override
    public void onWritabilityChanged(boolean writable) {
    }

    @Override
    public void onClosed(@Nullable Throwable cause) {
      closeCause = cause;
    }
  }
}

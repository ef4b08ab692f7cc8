package dev.duplex.rsocket.benchmarks;

import io.netty.util.ReferenceCountUtil;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;

/**
 * Subscribes to one response of either implementation (both payload types are reference
 * counted), releases what it receives and tells a {@link LoadClient.Done}.
 */
final class ReleasingSubscriber implements CoreSubscriber<Object> {

  private final LoadClient.Done done;
  private final boolean reportSuccess;

  private ReleasingSubscriber(LoadClient.Done done, boolean reportSuccess) {
    this.done = done;
    this.reportSuccess = reportSuccess;
  }

  /** Tells {@code done} when the response completes or fails. */
  static ReleasingSubscriber of(LoadClient.Done done) {
    return new ReleasingSubscriber(done, true);
  }

  /** Tells {@code done} only when the response fails. */
  static ReleasingSubscriber errorsOnly(LoadClient.Done done) {
    return new ReleasingSubscriber(done, false);
  }

  @Override
  public void onSubscribe(Subscription subscription) {
    subscription.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(Object payload) {
    ReferenceCountUtil.release(payload);
  }

  @Override
  public void onError(Throwable error) {
    done.done(error);
  }

  @Override
  public void onComplete() {
    if (reportSuccess) {
      done.done(null);
    }
  }
}

import { ActivityCancellationDetails, ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { handOverOnShutdown, WORKER_SHUTDOWN_FAILURE } from '../../../activities/worker-shutdown';

function cancelledContext(reason: string, details?: ActivityCancellationDetails) {
  const controller = new AbortController();
  controller.abort(new CancelledFailure(reason));
  return { cancellationSignal: controller.signal, cancellationDetails: details };
}

describe('an attempt cancelled under a stopping worker', () => {
  it('fails retryably, so the next worker takes the activity over at once', () => {
    const reason = new CancelledFailure('WORKER_SHUTDOWN');
    const handed = handOverOnShutdown(cancelledContext('WORKER_SHUTDOWN'), reason);
    expect(handed).toBeInstanceOf(ApplicationFailure);
    expect(handed).toMatchObject({ type: WORKER_SHUTDOWN_FAILURE, nonRetryable: false });
  });

  it('is recognised by the cancellation details too', () => {
    const context = cancelledContext('CANCELLED', new ActivityCancellationDetails({ workerShutdown: true }));
    expect(handOverOnShutdown(context, new CancelledFailure('CANCELLED'))).toMatchObject({ type: WORKER_SHUTDOWN_FAILURE });
  });

  it('leaves a cancellation by Temporal (the run cancelled, a timed-out attempt) a cancellation', () => {
    for (const reason of ['CANCELLED', 'TIMED_OUT', 'NOT_FOUND']) {
      const err = new CancelledFailure(reason);
      expect(handOverOnShutdown(cancelledContext(reason, new ActivityCancellationDetails({ cancelRequested: true })), err)).toBe(err);
    }
  });

  it('leaves any error of an attempt that was not cancelled unchanged', () => {
    const err = new Error('CRM answered 500');
    expect(handOverOnShutdown({ cancellationSignal: new AbortController().signal, cancellationDetails: undefined }, err)).toBe(err);
  });
});

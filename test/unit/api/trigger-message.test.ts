import { triggerMessage } from '../../../api/presenters/trigger-message';

const what = { started: 'Sync started.', work: 'A sync of this connection' };

describe('the message a page shows after a trigger', () => {
  it('says the run started when the trigger started one', () => {
    expect(triggerMessage(what, { runId: 'r1', joined: false })).toBe('Sync started.');
  });

  it('says a joined run had not started reading, so it sees the latest changes', () => {
    expect(triggerMessage(what, { runId: 'r1', joined: true })).toBe('A sync of this connection was about to start reading: showing it; it will see your latest changes.');
  });

  it('says the trigger was queued behind a run already reading, and that a full sync comes next when asked for', () => {
    const text = triggerMessage(what, { runId: 'r2', joined: false, queuedBehind: 'r1', fullSyncQueued: true });
    expect(text).toBe('A sync of this connection was already running and had started reading: this run is queued behind it and starts when it ends, so it sees your latest changes. The next sync will be a full one.');
  });
});

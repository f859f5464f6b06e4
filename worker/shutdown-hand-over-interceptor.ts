import { Context } from '@temporalio/activity';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import { handOverOnShutdown } from '../activities/worker-shutdown';

/**
 * Every activity attempt that ends because its own worker is stopping (SIGTERM, past the grace
 * time) fails retryably instead of as a cancellation, whatever the activity: Temporal hands it to
 * the next worker at once, and that attempt resumes from the last checkpoint (worker-shutdown.ts).
 */
export const handOverActivitiesOnShutdown: ActivityInterceptorsFactory = () => ({
  inbound: {
    async execute(input, next) {
      try {
        return await next(input);
      } catch (err) {
        throw handOverOnShutdown(Context.current(), err);
      }
    },
  },
});

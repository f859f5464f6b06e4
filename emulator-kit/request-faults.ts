import type { Request, Response } from 'express';
import type { RequestFault } from './faults';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Carries out the fault chosen for a request: waits out a latency, answers with the CRM's error
 * (through `sendError`, which knows its wire shape) or arranges for the answer to be dropped.
 * True when the request goes on to its handler.
 */
export async function applyRequestFault<E>(fault: RequestFault<E>, req: Request, res: Response, sendError: (res: Response, error: E) => void): Promise<boolean> {
  if (fault?.kind === 'latency') await sleep(fault.ms);
  if (fault?.kind === 'error') {
    sendError(res, fault.error);
    return false;
  }
  if (fault?.kind === 'lost-answer') dropTheAnswer(req, res);
  return true;
}

/**
 * The request is handled in full (its writes land) but its answer never leaves: the first byte of
 * it closes the connection instead, so the caller sees a reset socket.
 */
function dropTheAnswer(req: Request, res: Response): void {
  const drop = () => {
    req.socket.destroy();
    return res;
  };
  res.writeHead = drop as unknown as Response['writeHead'];
  res.write = drop as unknown as Response['write'];
  res.end = drop as unknown as Response['end'];
}

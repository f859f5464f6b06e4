import type { EmulatedOrg, FaultKind } from '../target';

/** The fault controller both emulators have, over their own kind names. */
interface EmulatorFaultController<K extends string> {
  set(settings: { rate: number; kinds: K[]; latencyMs?: number; seed?: number }): void;
  failNext(kind: K, n?: number): void;
  clear(): void;
  injectedCounts(): Partial<Record<K, number>>;
  resetInjectedCounts(): void;
}

/** An emulator's fault controller in the kit's words, through the target's table of kind names. */
export function kitFaults<K extends string>(controller: EmulatorFaultController<K>, kinds: Record<FaultKind, K>): EmulatedOrg['faults'] {
  const kitKindOf = new Map(Object.entries(kinds).map(([kit, emulator]) => [emulator as K, kit as FaultKind]));
  return {
    failNext: (kind, n) => controller.failNext(kinds[kind], n),
    set: ({ rate, kinds: chosen, latencyMs, seed }) => controller.set({ rate, kinds: chosen.map((k) => kinds[k]), latencyMs, seed }),
    clear: () => controller.clear(),
    injected: () => {
      const counts: Partial<Record<FaultKind, number>> = {};
      for (const [kind, n] of Object.entries(controller.injectedCounts()) as [K, number][]) {
        const kitKind = kitKindOf.get(kind);
        if (kitKind) counts[kitKind] = n;
      }
      return counts;
    },
    resetInjected: () => controller.resetInjectedCounts(),
  };
}

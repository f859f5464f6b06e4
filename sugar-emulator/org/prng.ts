import { Prng as SeededPrng } from '../../emulator-kit/prng';

/**
 * The Salesforce emulator's seeded generator (the same seed always builds the same org), plus the
 * record ids Sugar prints: one generator for all emulators, so their demo orgs are built alike.
 */
export class Prng extends SeededPrng {
  /** A lower-case GUID (36 characters), as Sugar's create_guid() makes record ids. */
  guid(): string {
    const hex = Array.from({ length: 4 }, () => Math.floor(this.next() * 0x1_0000_0000).toString(16).padStart(8, '0')).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
  }
}

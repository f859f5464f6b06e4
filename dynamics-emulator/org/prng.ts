import { Prng as SeededPrng } from '../../emulator-kit/prng';

/**
 * The emulators' seeded generator (the same seed always builds the same org), plus the
 * record ids Dataverse prints: one generator for both emulators, so their demo orgs are built alike.
 */
export class Prng extends SeededPrng {
  /** A lower-case GUID as Dataverse prints record ids. */
  guid(): string {
    const hex = Array.from({ length: 4 }, () => Math.floor(this.next() * 0x1_0000_0000).toString(16).padStart(8, '0')).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${'89ab'[parseInt(hex[16], 16) % 4]}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }
}

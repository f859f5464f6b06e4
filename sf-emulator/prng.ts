export { Prng } from '../emulator-kit/prng';

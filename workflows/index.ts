/** The workflow bundle's entry: one export per workflow, each defined in its own file. */
export { contactPull } from './contact-pull';

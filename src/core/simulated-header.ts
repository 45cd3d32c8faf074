/**
 * The response header that names the provider when a simulated one (`simulated: true` in the
 * config) answered: a client that keeps no store with the gateway's traces (`eval run --gateway
 * URL`) still learns that the answer was the simulator's, as the trace's `simulated` decision says.
 */
export const SIMULATED_HEADER = 'x-switchyard-simulated';

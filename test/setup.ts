import { provideInProcessGateway } from '../src/evals/client/in-process-gateway.js';

// Imported lazily: most test files never open an in-process gateway.
provideInProcessGateway(async (config) => (await import('../src/server.js')).openGatewayCore(config));

import { provideInProcessGateway } from '../src/evals/client/in-process-gateway.js';
import { openGatewayCore } from '../src/server.js';

provideInProcessGateway((config) => openGatewayCore(config));

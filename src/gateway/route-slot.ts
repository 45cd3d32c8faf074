import type { Call } from './call.js';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { CLI } from '../core/cli-command.js';
import { SwitchyardError } from '../core/errors.js';
import { unreadReply } from '../core/unread-reply.js';
import type { Clock, Random } from '../core/clock.js';
import type { ChatCompletionRequest } from '../core/openai-wire.js';
import type { ExampleStore } from '../local/examples/example-store.js';
import type { ModelRegistry } from '../local/registry/model-registry.js';
import { LocalRoute, type LocalRouteDeps } from '../local/serving/local-route.js';
import { trainInWorker } from '../local/train/train-in-worker.js';
import type { ModelCatalog } from '../routing/catalog.js';
import { loadRouter } from '../routing/learned/index.js';
import { planRoute, type RouterScorer, requestFeatures } from '../routing/policies/index.js';
import type { RoutesConfig } from '../config/route-schema.js';
import type { PriceEntry } from '../tokens/price-table.js';
import type { ModelClient } from './model-client.js';
import type { Stage } from './pipeline.js';
import type { OpenBases } from './knowledge/open-bases.js';
import { pipelineEmbedder } from './knowledge/open-bases.js';
import { CASCADE_JUDGE_FEATURE, SHADOW_FEATURE } from '../core/internal-caller.js';
import { answerLocally, localAnswerer } from './stages/answer-locally.js';
import { groundRequest } from './stages/ground-request.js';
import { routeRequest, type RouteStageDeps } from './stages/route-request.js';
import type { Log } from '../core/log.js';
import type { OwnAnswerCheck } from './guard/guard-output.js';

export interface RouteSlotDeps {
  routes: RoutesConfig;
  catalog: ModelCatalog;
  /** Where local task models and their training examples are kept (the composition root picks them). */
  registry: ModelRegistry;
  examples: ExampleStore;
  /** Calls back into the pipeline (judges, shadow checks); bound after the gateway exists. */
  models: () => ModelClient;
  clock: Clock;
  random: Random;
  log: Log;
  /** Relative router paths are resolved against this folder (the config file's). */
  baseDir?: string;
  /** Knowledge bases routes ground in (and in-process callers may name); none: no grounding stage. */
  knowledge?: OpenBases;
  /** `traces.bodies: full`: retrieved chunks' text goes on traces too. */
  keepBodies?: boolean;
  /** A local model was pulled for low live precision (flag it for a person). */
  onDemote?: LocalRouteDeps['onDemote'];
  /** A shadow check contradicted a local answer (a review candidate). */
  onDisagree?: LocalRouteDeps['onDisagree'];
  /** The guardrails' output checks for a local model's answer, which never reaches the guard-out stage. */
  checkAnswer?: OwnAnswerCheck;
  /** The answer's text with the call's PII placeholders restored (the guard slot's), for the groundedness check. */
  restoreAnswerText?: (call: Call, text: string, only?: (value: string) => boolean) => string;
  /** Where demotions the registry has not recorded yet survive a restart. */
  pendingDemotions?: LocalRouteDeps['pendingDemotions'];
}

export interface RouteSlot {
  stages: Stage[];
  locals: ReadonlyMap<string, LocalRoute>;
  /**
   * Shutdown: stops retrying demotions the registry has not recorded, then waits for examples
   * being stored and models being trained.
   */
  close(): Promise<void>;
}

/**
 * The route slot of the pipeline: local task models first, then the routes' policies. Loads
 * learned routers and live local models at startup.
 */
export async function openRouteSlot(deps: RouteSlotDeps): Promise<RouteSlot> {
  const routers = new Map<string, RouterScorer>();
  const locals = new Map<string, LocalRoute>();
  for (const [name, route] of Object.entries(deps.routes)) {
    if (route.policy === 'learned') routers.set(name, learnedRouterOf(name, route.router, deps.baseDir));
    if (route.options.task) {
      locals.set(
        name,
        await LocalRoute.open(name, route.options.task, {
          registry: deps.registry,
          examples: deps.examples,
          clock: deps.clock,
          random: deps.random,
          train: trainInWorker,
          log: deps.log,
          onDemote: deps.onDemote,
          onDisagree: deps.onDisagree,
          ...(deps.pendingDemotions ? { pendingDemotions: deps.pendingDemotions } : {}),
        }),
      );
    }
  }
  const judge: RouteStageDeps['judge'] = async (request, answer, spec, onBehalfOf) => {
    const prompt = judgePrompt(request, answer, spec.rubric);
    const reply = await deps.models().chat({ model: spec.model, messages: [{ role: 'user', content: prompt }], temperature: 0, max_tokens: 5 }, { feature: CASCADE_JUDGE_FEATURE, onBehalfOf });
    return { score: parseScore(String(reply.value.choices[0]?.message.content ?? ''), reply.traceId), traceId: reply.traceId, costUsd: reply.costUsd };
  };
  const stages: Stage[] = [];
  const teacherPrices = new Map<string, PriceEntry | undefined>();
  const exposeHeader = (route: string) => deps.routes[route]?.options.expose_header !== false;
  // One answerer for the route a call names (its own stage, first) and for routes reached through
  // others (asked by the route stage once the outer routes chose them).
  const answerer =
    locals.size === 0
      ? undefined
      : localAnswerer({
          localFor: (route) => locals.get(route),
          askTeacher: async (route, request, session) => {
            // Asked whole: a streamed call's stream_options would make the check a 400 (stream_options needs a stream).
            const { stream_options: _streamOnly, ...asked } = request;
            const reply = await deps.models().chat({ ...asked, model: route, stream: false }, { feature: SHADOW_FEATURE, session });
            return String(reply.value.choices[0]?.message.content ?? '');
          },
          teacherPrice: (route) => {
            // Routes and prices are fixed for the life of the slot: plan each route's teacher once,
            // not on every local answer.
            if (!teacherPrices.has(route)) teacherPrices.set(route, teacherPrice(route, deps));
            return teacherPrices.get(route);
          },
          ...(deps.checkAnswer ? { checkAnswer: deps.checkAnswer } : {}),
        });
  if (answerer) stages.push(answerLocally(answerer, exposeHeader));
  if (deps.knowledge) {
    stages.push(
      groundRequest({
        routes: deps.routes,
        bases: deps.knowledge,
        embedderFor: (model, onBehalfOf) => pipelineEmbedder(deps.models, model, onBehalfOf),
        judge: async (model, prompt, onBehalfOf) => {
          const reply = await deps.models().chat({ model, messages: [{ role: 'user', content: prompt }], temperature: 0 }, { feature: 'groundedness-judge', onBehalfOf });
          return String(reply.value.choices[0]?.message.content ?? '');
        },
        rerank: async (model, prompt, onBehalfOf) => {
          const reply = await deps.models().chat({ model, messages: [{ role: 'user', content: prompt }], temperature: 0 }, { feature: 'rerank', onBehalfOf });
          return String(reply.value.choices[0]?.message.content ?? '');
        },
        keepText: deps.keepBodies ?? true,
        ...(deps.restoreAnswerText ? { restoreAnswerText: deps.restoreAnswerText } : {}),
      }),
    );
  }
  if (Object.keys(deps.routes).length > 0) stages.push(routeRequest({ catalog: deps.catalog, routes: deps.routes, random: deps.random, routerFor: (name) => routers.get(name), judge, ...(answerer ? { local: answerer } : {}) }));
  return {
    stages,
    locals,
    close: async () => {
      for (const local of locals.values()) local.close();
      await Promise.all([...locals.values()].map((local) => local.idle()));
    },
  };
}

/** The price of the model a route sends a plain request to: what a local answer saved. */
function teacherPrice(route: string, deps: RouteSlotDeps): PriceEntry | undefined {
  try {
    const plan = planRoute(route, deps.routes, requestFeatures({ model: route, messages: [] }), { random: () => 0 });
    return 'model' in plan ? deps.catalog.resolve(plan.model).targets[0]?.price : undefined;
  } catch {
    return undefined;
  }
}

function judgePrompt(request: ChatCompletionRequest, answer: string, rubric: string | undefined): string {
  const question = requestFeatures(request).lastUserText.slice(0, 4_000);
  return [
    'You grade an assistant answer. Reply with one digit from 1 (useless or wrong) to 5 (correct and complete), and nothing else.',
    rubric ? `Rubric: ${rubric}` : '',
    `Request:\n${question}`,
    `Answer:\n${answer.slice(0, 4_000)}`,
  ]
    .filter(Boolean)
    .join('\n\n');
}

/**
 * A 1–5 grade as [0, 1]; anything unreadable fails the judge (and so escalates). The failure says
 * what came, not the reply (which restates the request): it reaches the trace's route decision and
 * the `x-switchyard-route` header.
 */
function parseScore(reply: string, traceId: string): number {
  const digit = /[1-5]/.exec(reply)?.[0];
  if (digit === undefined) throw new Error(`the judge's reply holds no grade from 1 to 5 ${unreadReply(reply, 'no digit from 1 to 5', traceId)}`);
  return (Number(digit) - 1) / 4;
}

/**
 * A learned route's router file, or a config error naming the route's field: a missing file said
 * only `router file /srv/routers/x.json: cannot read it: ENOENT…`, leaving the operator to find
 * which of the config's routes named it, and how such a file is made.
 */
function learnedRouterOf(name: string, file: string, baseDir = '.'): RouterScorer {
  const path = resolve(baseDir, file);
  try {
    return loadRouter(path);
  } catch (error) {
    const missing = !existsSync(path);
    const how = missing ? ` (train one: ${CLI} router train --data OUTCOMES.jsonl --out ${file}, or --from-run RUN / --from-reviews with --weak CHEAP --strong STRONG)` : '';
    throw new SwitchyardError('config_invalid', `routes.${name}.router: ${(error as Error).message}${how}`, { cause: error });
  }
}


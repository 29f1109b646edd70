/**
 * The execute step without envelop's hook runner, for the fast path
 * (src/http/fast-path.ts).
 *
 * envelop runs an operation's execute hooks through a general machine: every
 * `onExecute` is called with a fresh payload object of five closures, the
 * `onExecuteDone` callbacks are gathered and run through
 * @whatwg-node/promise-helpers, and the arguments are copied on the way in.
 * On shareItem that machine cost about a tenth of the gateway's CPU per
 * operation (bench/README.md, "What each optimisation bought"), more than the
 * hooks' own work. The gateway's execute hooks are few and all known: its
 * own (each plugin below carries, under EXECUTE_STEP, what its hook does,
 * as plain functions), and yoga's two (server.js in graphql-yoga 5: the
 * engine, always the first plugin, which sets @graphql-tools/executor as
 * the executor that our own executor then replaces; and masked errors, always
 * the last with an execute hook, after every plugin of ours). Where the
 * execute hooks are exactly those, `directExecutor` runs the same steps in
 * the same order as plain calls; anything else (a plugin added with an
 * execute hook of its own, envelop instrumentation, a yoga whose own
 * plugins changed) gets null, and the fast path keeps envelop's execute.
 *
 * Both paths must give the same answer, metrics and log line:
 * test/gateway/fast-path.test.ts compares them request by request, and
 * test/unit/direct-steps.test.ts checks that the gateway's yoga does get a
 * direct executor and that an unknown hook turns it off.
 */
import type { ExecutionArgs, ExecutionResult, GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/** Where a plugin of ours keeps the plain form of its execute hook. */
export const EXECUTE_STEP = Symbol('gateway.executeStep');

/** A step that replaces the executor, as `setExecuteFn` does. */
export interface ExecutorStep {
  kind: 'executor';
  execute(args: ExecutionArgs): ExecutionResult | Promise<ExecutionResult>;
}

/**
 * A step that runs before the executor, as `onExecute` does, and may return
 * what runs after it, as `onExecuteDone` does: that gets the result and
 * returns the result to go on with (itself, or a new one as `setResult`).
 */
export interface AroundStep {
  kind: 'around';
  before(args: ExecutionArgs): ((result: ExecutionResult) => ExecutionResult) | void;
}

export type ExecuteStep = ExecutorStep | AroundStep;

type StepPlugin = Plugin & { [EXECUTE_STEP]?: ExecuteStep };

/** Marks `plugin` as one whose `onExecute` does exactly what `step` does. */
export function withExecuteStep<P extends Plugin>(plugin: P, step: ExecuteStep): P {
  return Object.assign(plugin, { [EXECUTE_STEP]: step });
}

export type DirectExecutor = (args: ExecutionArgs) => Promise<ExecutionResult>;

/** What yoga keeps of its `maskedErrors` option (its own wrapper of our maskError, which also logs what it masks). */
interface MaskedErrorsOptions {
  maskError: (error: GraphQLError, message: string) => Error;
  errorMessage: string;
}

/** The parts of yoga the plan reads: its plugins in order, and its masked-errors options (null when masking is off). */
export interface YogaExecuteParts {
  readonly plugins: readonly Plugin[];
  readonly maskedErrorsOpts: MaskedErrorsOptions | null;
}

/** envelop's masked-errors hook, as yoga installs it: onPluginInit (the context's errors), onExecute, onSubscribe, nothing else. */
function isYogaMaskedErrors(plugin: Plugin): boolean {
  const keys = Object.keys(plugin).sort();
  return keys.length === 3 && keys[0] === 'onExecute' && keys[1] === 'onPluginInit' && keys[2] === 'onSubscribe';
}

/** What envelop's masked-errors hook does on a result (@envelop/core's makeHandleResult). */
function maskingStep(options: MaskedErrorsOptions): AroundStep {
  const mask = (result: ExecutionResult): ExecutionResult =>
    result.errors == null ? result : { ...result, errors: result.errors.map((error) => options.maskError(error, options.errorMessage) as GraphQLError) };
  return { kind: 'around', before: () => mask };
}

/**
 * The steps of `yoga`'s execute hooks in their order, or null when one of
 * them is not known (see the top of this file).
 */
export function planExecuteSteps(yoga: YogaExecuteParts): { executor: ExecutorStep; around: AroundStep[] } | null {
  const { plugins } = yoga;
  if (plugins.some((p) => (p as { instrumentation?: unknown }).instrumentation)) return null;
  const hooked = plugins.filter((p) => typeof p.onExecute === 'function') as StepPlugin[];
  if (hooked[0] !== plugins[0]) return null;
  const last = hooked.length - 1;
  let executor: ExecutorStep | null = null;
  const around: AroundStep[] = [];
  for (let i = 1; i < hooked.length; i++) {
    const plugin = hooked[i]!;
    const step = plugin[EXECUTE_STEP];
    if (step?.kind === 'executor') executor = step;
    else if (step?.kind === 'around') around.push(step);
    else if (i === last && yoga.maskedErrorsOpts && isYogaMaskedErrors(plugin)) around.push(maskingStep(yoga.maskedErrorsOpts));
    else return null;
  }
  // Without an executor of ours, yoga's engine hook (the first) would decide the executor.
  return executor && { executor, around };
}

/** Runs `steps` as envelop would run their hooks: befores in order, the executor, then the afters in order. */
function runSteps(executor: ExecutorStep, around: readonly AroundStep[]): DirectExecutor {
  return async (args) => {
    const afters: Array<(result: ExecutionResult) => ExecutionResult> = [];
    for (const step of around) {
      const after = step.before(args);
      if (after) afters.push(after);
    }
    let result = await executor.execute(args);
    for (const after of afters) result = after(result);
    return result;
  };
}

/**
 * envelop's plugin list of `yoga`, in order (`plugins`, a protected field in
 * yoga's typings, as envelop hands it back), or null where it is not there:
 * the plans of this file and of use-gateway-context.ts then find nothing they
 * know, and envelop's steps run.
 */
export function yogaPlugins(yoga: object): readonly Plugin[] | null {
  const plugins = (yoga as { plugins?: unknown }).plugins;
  return Array.isArray(plugins) ? (plugins as Plugin[]) : null;
}

/** `plan`, worked out once per yoga (its plugins are fixed once it is made) and remembered weakly. */
export function oncePerYoga<T>(plan: (yoga: object) => T): (yoga: object) => T {
  const planned = new WeakMap<object, { made: T }>();
  return (yoga) => {
    let entry = planned.get(yoga);
    if (!entry) {
      entry = { made: plan(yoga) };
      planned.set(yoga, entry);
    }
    return entry.made;
  };
}

/** `yoga`'s execute step as plain calls, or null where envelop's must run. yoga's masked-errors options are a private field in its typings. */
export const directExecutor = oncePerYoga<DirectExecutor | null>((yoga) => {
  const plugins = yogaPlugins(yoga);
  const maskedErrorsOpts = (yoga as { maskedErrorsOpts?: MaskedErrorsOptions | null }).maskedErrorsOpts ?? null;
  const plan = plugins && planExecuteSteps({ plugins, maskedErrorsOpts });
  return plan && runSteps(plan.executor, plan.around);
});

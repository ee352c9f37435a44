/**
 * The Bedrock node in n8n queue mode (`npm run test:queue`): the real n8n 2.41.1, one main and two
 * workers over Redis and PostgreSQL (test/queue/queueSetup.ts), this package installed in each
 * process's own user folder, one emulator standing for one account's quota.
 *
 * 1. Load: 20 webhook calls at once, each 50 items through Converse at concurrency 16, against 600
 *    requests/minute and the bench's fault mix: every item succeeds, both workers run executions,
 *    neither starves. The figures are printed.
 * 2. A worker SIGKILLed while it runs executions: what n8n 2.x does with them (marked failed once
 *    their queue lock expires; the webhook callers get HTTP 500; n8n's Retry cannot bring the input
 *    back), and that nothing is lost silently: every request either has its 50 results in a
 *    successful execution or was answered 500, and sent again (to a replacement worker) it completes.
 *
 * The timings printed are figures; nothing here asserts a duration.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

import type { StoredExecution } from '../e2e/n8nApp';
import { BUILT_NODE_PATH, REPOSITORY_ROOT } from '../e2e/n8nApp';
import { formatLoadFigures, itemOutcome, loadFigures } from './figures';
import type { WebhookResponse } from './queueSetup';
import { BEDROCK_NODE_NAME, QueueSetup, workerAppId } from './queueSetup';

const WORKERS = 2;
const WORKER_CONCURRENCY = 10;
const EXECUTIONS = 20;
const ITEMS_PER_EXECUTION = 50;
const CONVERSE = { concurrency: 16, maxAttempts: 20 };
const REQUESTS_PER_MINUTE = 600;

/** bench/scenarios/quota.ts: its latencies and fault mix. */
const LOAD_EMULATOR = {
	latencyMs: 100,
	timeToFirstTokenMs: 50,
	chunkDelayMs: 5,
	seed: 11,
	quota: { requestsPerMinute: REQUESTS_PER_MINUTE },
	faults: {
		throttling: 0.05,
		internalServer: 0.01,
		serviceUnavailable: 0.01,
		dropConnection: 0.01,
		streamFailure: 0.01,
	},
};

/** Slow answers and nothing else going wrong: the executions are still running at the kill. */
const KILL_EMULATOR = {
	latencyMs: 3000,
	timeToFirstTokenMs: 3000,
	chunkDelayMs: 0,
	quota: {},
	faults: {},
};

/**
 * Bull's defaults take up to 90 s to notice a dead worker (a 60 s lock, checked every 30 s); shorter
 * here so the test stays short. The lock is still renewed every 5 s by a live worker.
 */
const QUEUE_LOCK_ENV = {
	QUEUE_WORKER_LOCK_DURATION: '20000',
	QUEUE_WORKER_LOCK_RENEW_TIME: '5000',
	QUEUE_WORKER_STALLED_INTERVAL: '5000',
};

const STALLED_MESSAGE = /failed to be processed too many times/;

interface RequestBody {
	request: string;
	items: Array<{ text: string; stream: boolean }>;
}

function requestBody(request: string): RequestBody {
	return {
		request,
		items: Array.from({ length: ITEMS_PER_EXECUTION }, (_unused, index) => ({
			text: `Request ${request}, item ${index}: the river runs to the sea. Summarise this in a sentence. Keep it short.`,
			// Every other item streams, so that streams failing half-way are part of the mix.
			stream: index % 2 === 0,
		})),
	};
}

/** The `request` marker of the webhook body an execution started from (none once n8n dropped its data). */
function requestOf(execution: StoredExecution): string | undefined {
	const [webhookItem] = execution.result.items('Webhook');
	const body = webhookItem?.body as { request?: unknown } | undefined;
	return typeof body?.request === 'string' ? body.request : undefined;
}

function succeededItems(execution: StoredExecution): number {
	return execution.result
		.items(BEDROCK_NODE_NAME)
		.filter((json) => !json.error && typeof json.text === 'string').length;
}

function itemsOfResponse(response: WebhookResponse): number {
	const parsed = JSON.parse(response.body) as unknown;
	return Array.isArray(parsed) ? parsed.length : 0;
}

async function waitFor(condition: () => Promise<boolean>, what: string, timeoutMs = 120_000) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (await condition()) return;
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	throw new Error(`Timed out waiting for ${what}`);
}

function print(text: string): void {
	process.stdout.write(`\n${text}\n`);
}

const built = existsSync(BUILT_NODE_PATH);
if (!built) {
	console.warn(
		`Skipping the queue-mode tests: ${path.relative(REPOSITORY_ROOT, BUILT_NODE_PATH)} does not exist. Run \`npm run build\` first.`,
	);
}
const describeBuilt = built ? describe : describe.skip;

describeBuilt(
	'the Bedrock node in n8n queue mode: one main, two workers, one account quota',
	() => {
		let setup: QueueSetup;
		const loadExecutionIds = new Set<string>();

		beforeAll(async () => {
			setup = await QueueSetup.start({
				workers: WORKERS,
				workerConcurrency: WORKER_CONCURRENCY,
				converse: CONVERSE,
				emulator: LOAD_EMULATOR,
				env: QUEUE_LOCK_ENV,
			});
		});

		afterAll(async () => {
			await setup?.dispose();
		});

		it('20 executions at once on two workers share the quota and lose no item', async () => {
			await setup.emulator.resetStats();
			const requests = Array.from({ length: EXECUTIONS }, (_unused, index) => `load-${index}`);
			const started = performance.now();
			const responses = await Promise.all(
				requests.map(async (request) => await setup.callWebhook(requestBody(request))),
			);
			const wallMs = performance.now() - started;

			const executions = await setup.app.executions();
			for (const execution of executions) loadExecutionIds.add(execution.id);
			const workers = setup.workers.map((worker, index) => ({
				name: `worker ${index + 1}`,
				appId: workerAppId(index),
				executions: worker.finishedExecutions(),
			}));
			const figures = loadFigures({
				outcome: itemOutcome(executions, BEDROCK_NODE_NAME, ITEMS_PER_EXECUTION),
				wallMs,
				requestsPerMinute: REQUESTS_PER_MINUTE,
				workers,
				clients: await setup.emulator.clientStats(),
			});
			print(
				formatLoadFigures(figures, {
					executions: EXECUTIONS,
					itemsPerExecution: ITEMS_PER_EXECUTION,
					requestsPerMinute: REQUESTS_PER_MINUTE,
				}),
			);

			// Every caller got its 50 items; every execution succeeded, each on exactly one worker.
			expect(responses.map((response) => response.status)).toEqual(requests.map(() => 200));
			expect(responses.map(itemsOfResponse)).toEqual(requests.map(() => ITEMS_PER_EXECUTION));
			expect(executions.map((execution) => execution.status)).toEqual(
				requests.map(() => 'success'),
			);
			expect(executions.map(requestOf).sort()).toEqual([...requests].sort());
			expect(figures.outcome).toEqual({
				items: EXECUTIONS * ITEMS_PER_EXECUTION,
				succeeded: EXECUTIONS * ITEMS_PER_EXECUTION,
				lost: 0,
				errorCodes: {},
			});
			const ranOn = workers.flatMap((worker) => worker.executions).sort();
			expect(ranOn).toEqual(executions.map((execution) => execution.id).sort());
			// Both workers ran executions and drew on the quota; the main ran none.
			for (const worker of figures.workers) {
				expect({ worker: worker.name, ran: worker.executions > 0 }).toEqual({
					worker: worker.name,
					ran: true,
				});
			}
			expect(figures.otherRequests).toBe(0);
			// Neither worker starved: each got at least a quarter of what the quota admitted.
			for (const worker of figures.workers) {
				expect(worker.accepted).toBeGreaterThanOrEqual(figures.accepted / 4);
			}
		});

		it('a worker killed mid-execution: its executions fail loudly, sent again they complete', async () => {
			await setup.emulator.configure(KILL_EMULATOR);
			await setup.emulator.resetStats();
			const [survivor, victim] = setup.workers;
			const victimAppId = workerAppId(1);
			const requests = Array.from({ length: EXECUTIONS }, (_unused, index) => `kill-${index}`);
			const calls = requests.map(async (request) => ({
				request,
				response: await setup.callWebhook(requestBody(request)),
				answeredAt: performance.now(),
			}));

			// The victim has had one round of answers: its executions are half-way.
			await waitFor(
				async () =>
					((await setup.emulator.clientStats())[victimAppId]?.answered ?? 0) >=
					CONVERSE.concurrency,
				'the worker to be answered',
			);
			const finishedBeforeKill = new Set(victim.finishedExecutions());
			const running = victim
				.startedExecutions()
				.filter((id) => !loadExecutionIds.has(id) && !finishedBeforeKill.has(id));
			const answeredBeforeKill = (await setup.emulator.clientStats())[victimAppId]?.answered ?? 0;
			const killedAt = performance.now();
			await victim.kill('SIGKILL');
			const answers = await Promise.all(calls);

			const stored = (await setup.app.executions()).filter((e) => !loadExecutionIds.has(e.id));
			const failed = stored.filter((execution) => execution.status !== 'success');
			const succeeded = stored.filter((execution) => execution.status === 'success');
			const refused = answers.filter(({ response }) => response.status !== 200);
			const served = answers.filter(({ response }) => response.status === 200);

			// n8n's own Retry of such an execution (Executions list → Retry), as the editor calls it.
			const owner = await setup.server.setupOwner();
			const retry = await owner.request('POST', `executions/${failed[0]?.id}/retry`, {
				loadWorkflow: false,
			});
			const retried = (await setup.app.executions()).find(
				(execution) => execution.retryOf === failed[0]?.id,
			);

			// A replacement worker joins; the callers that got 500 send their requests again.
			const replacement = await setup.workerApps[1].startWorker({
				concurrency: WORKER_CONCURRENCY,
				env: { ...QUEUE_LOCK_ENV, AWS_SDK_UA_APP_ID: workerAppId(1) },
			});
			const resent = await Promise.all(
				refused.map(async ({ request }) => ({
					request,
					response: await setup.callWebhook(requestBody(request)),
				})),
			);
			const afterResend = (await setup.app.executions()).filter(
				(execution) => !loadExecutionIds.has(execution.id) && execution.status === 'success',
			);

			const failedAfterMs = refused.reduce(
				(latest, { answeredAt }) => Math.max(latest, answeredAt - killedAt),
				0,
			);
			print(
				[
					'queue mode, a worker SIGKILLed mid-execution:',
					`  executions running on it: ${running.length}, after ${answeredBeforeKill} of their requests had been answered`,
					`  n8n marked failed: ${failed.length} (status ${[...new Set(failed.map((e) => e.status))].join(', ')}: "${failed[0]?.result.error?.message ?? ''}")`,
					`  their webhook callers got: ${[...new Set(refused.map(({ response }) => `${response.status} ${response.body}`))].join('; ')}, the last ${(failedAfterMs / 1000).toFixed(1)} s after the kill`,
					`  executions on the other worker: ${succeeded.length} succeeded, ${served.length} callers got their ${ITEMS_PER_EXECUTION} items`,
					`  n8n's Retry of a failed one: HTTP ${retry.status}, the retry ${retried?.status ?? 'not stored'} with ${retried ? succeededItems(retried) : 0} items (the input is gone)`,
					`  sent again to a replacement worker: ${resent.filter(({ response }) => response.status === 200).length} / ${resent.length} answered 200 with their items; replacement ran ${replacement.finishedExecutions().length}`,
					`  items lost: ${requests.length * ITEMS_PER_EXECUTION - afterResend.reduce((sum, execution) => sum + succeededItems(execution), 0)}`,
				].join('\n'),
			);

			expect(running.length).toBeGreaterThan(0);
			// Exactly the killed worker's running executions failed, marked as stalled, their data dropped;
			// the survivor's all succeeded with every item.
			expect(failed.map((execution) => execution.id).sort()).toEqual([...running].sort());
			for (const execution of failed) {
				expect(execution.status).toBe('error');
				expect(execution.result.error?.message).toMatch(STALLED_MESSAGE);
				expect(execution.result.items(BEDROCK_NODE_NAME)).toEqual([]);
			}
			expect(succeeded.map(succeededItems)).toEqual(succeeded.map(() => ITEMS_PER_EXECUTION));
			expect(
				succeeded.every((execution) => survivor.finishedExecutions().includes(execution.id)),
			).toBe(true);
			// Nothing silently lost: a caller whose execution failed was told so (500); every other caller
			// got its items, from a successful execution of its own request.
			expect(refused.length).toBe(failed.length);
			for (const { response } of refused) {
				expect(response).toEqual({ status: 500, body: '{"message":"Error in workflow"}' });
			}
			expect(served.map(({ response }) => itemsOfResponse(response))).toEqual(
				served.map(() => ITEMS_PER_EXECUTION),
			);
			expect(succeeded.map(requestOf).sort()).toEqual(served.map(({ request }) => request).sort());
			// n8n's Retry starts a new execution, which fails at once: the stored run lost its input.
			expect(retry.status).toBe(200);
			expect(retried?.status).toBe('error');
			// Sent again, every refused request completes: each request now has one successful execution
			// with all its items.
			expect(resent.map(({ response }) => response.status)).toEqual(resent.map(() => 200));
			expect(afterResend.map(requestOf).sort()).toEqual([...requests].sort());
			expect(afterResend.map(succeededItems)).toEqual(afterResend.map(() => ITEMS_PER_EXECUTION));
		});
	},
);

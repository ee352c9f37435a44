/**
 * n8n in queue mode, as a team runs it when one process is no longer enough: Redis (the queue),
 * PostgreSQL (the database every process shares), one main (`n8n start`: editor, webhooks, enqueues
 * production executions) and workers (`n8n worker`: run them), all with one encryption key, each
 * n8n process with its own user folder and this package installed in it as a community package,
 * as on separate machines. The Bedrock endpoint is one emulator in a process of its own, standing
 * for one AWS account's quota that every worker draws on.
 *
 *   const setup = await QueueSetup.start({ workers: 2, emulator: { quota: {...} } });
 *   const response = await setup.callWebhook({ items: [...] });
 *   await setup.dispose();                      // every process stopped, every folder removed
 *
 * Each worker's AWS SDK clients carry an application ID of their own (AWS_SDK_UA_APP_ID, which the
 * SDK puts in its User-Agent as `app/<id>`), so the emulator can tell whose requests it served.
 */
import type { EmulatorOptions } from '../../emulator';
import { n8nCredentialFor } from '../../emulator';
import { startRemoteEmulator } from '../../bench/remoteEmulator';
import type { RemoteEmulator } from '../../bench/remoteEmulator';
import type { N8nServer, N8nWorker, WorkflowFile } from '../e2e/n8nApp';
import { BEDROCK_NODE_TYPE, N8nApp } from '../e2e/n8nApp';
import type { PostgresService, RedisService } from './services';
import { startPostgres, startRedis } from './services';

export const WEBHOOK_PATH = 'bedrock-queue';
export const WORKFLOW_ID = 'queueBedrockBatch01';
export const BEDROCK_NODE_NAME = 'Converse';
/** As in the bench: Claude 3.5 Haiku accepts on-demand calls by its bare ID in the emulator's catalogue. */
const MODEL_ID = 'anthropic.claude-3-5-haiku-20241022-v1:0';
const CREDENTIAL = { id: 'queueBedrockEmulator', name: 'AWS Bedrock (queue e2e emulator)' };

export interface ConverseSettings {
	concurrency: number;
	maxAttempts: number;
}

/**
 * Webhook (POST, answers with every item of the last node once the execution finished) → Split Out
 * (one item per entry of `body.items`) → Bedrock Converse over `text`, streaming where `stream` is
 * true, Continue On Fail (so a failed item is an error item, counted, never a failed execution).
 */
export function batchWorkflow(settings: ConverseSettings): WorkflowFile {
	return {
		id: WORKFLOW_ID,
		name: 'Bedrock batch in queue mode',
		nodes: [
			{
				id: 'b1a6f3d0-6a55-4c55-9d0e-3c1b6a0e0001',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2.1,
				position: [0, 0],
				webhookId: WEBHOOK_PATH,
				parameters: {
					httpMethod: 'POST',
					path: WEBHOOK_PATH,
					responseMode: 'lastNode',
					responseData: 'allEntries',
					options: {},
				},
			},
			{
				id: 'b1a6f3d0-6a55-4c55-9d0e-3c1b6a0e0002',
				name: 'One item per entry',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [220, 0],
				parameters: { fieldToSplitOut: 'body.items', options: {} },
			},
			{
				id: 'b1a6f3d0-6a55-4c55-9d0e-3c1b6a0e0003',
				name: BEDROCK_NODE_NAME,
				type: BEDROCK_NODE_TYPE,
				typeVersion: 1,
				position: [440, 0],
				onError: 'continueRegularOutput',
				parameters: {
					operation: 'converse',
					model: { __rl: true, mode: 'id', value: MODEL_ID },
					inputMode: 'prompt',
					prompt: '={{ $json.text }}',
					options: {
						concurrency: settings.concurrency,
						maxAttempts: settings.maxAttempts,
						retryMode: 'aimd',
						stream: '={{ $json.stream }}',
					},
				},
				credentials: { awsBedrockApi: CREDENTIAL },
			},
		],
		connections: {
			Webhook: { main: [[{ node: 'One item per entry', type: 'main', index: 0 }]] },
			'One item per entry': { main: [[{ node: BEDROCK_NODE_NAME, type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

export interface QueueSetupOptions {
	workers: number;
	/** Executions each worker runs at once (`n8n worker --concurrency`). */
	workerConcurrency: number;
	converse: ConverseSettings;
	emulator: Partial<EmulatorOptions>;
	/** Extra environment for every n8n process (main and workers). */
	env?: Record<string, string>;
}

export interface WebhookResponse {
	status: number;
	body: string;
}

/** The SDK application ID of worker `index` (0-based), as the emulator sees it. */
export function workerAppId(index: number): string {
	return `n8n-worker-${index + 1}`;
}

export const MAIN_APP_ID = 'n8n-main';

export class QueueSetup {
	readonly workerApps: N8nApp[] = [];

	readonly workers: N8nWorker[] = [];

	private main?: N8nApp;

	private mainServer?: N8nServer;

	private constructor(
		readonly redis: RedisService,
		readonly postgres: PostgresService,
		readonly emulator: RemoteEmulator,
	) {}

	static async start(options: QueueSetupOptions): Promise<QueueSetup> {
		const started: Array<{ stop(): Promise<void> }> = [];
		let setup: QueueSetup | undefined;
		try {
			const [redis, postgres, emulator] = await Promise.all([
				startRedis().then((service) => (started.push(service), service)),
				startPostgres().then((service) => (started.push(service), service)),
				startRemoteEmulator(options.emulator).then(
					(service) => (started.push({ stop: () => service.close() }), service),
				),
			]);
			setup = new QueueSetup(redis, postgres, emulator);
			await setup.startN8n(options);
			return setup;
		} catch (error) {
			if (setup) await setup.dispose();
			else await Promise.allSettled(started.map(async (service) => await service.stop()));
			throw error;
		}
	}

	private async startN8n(options: QueueSetupOptions): Promise<void> {
		const connections = {
			postgres: this.postgres,
			queue: { host: this.redis.host, port: this.redis.port },
			env: options.env,
		};
		// The main migrates the shared database; the workers start once it has.
		this.main = await N8nApp.create(connections);
		await this.main.importCredentials([
			{ ...CREDENTIAL, type: 'awsBedrockApi', data: n8nCredentialFor(this.emulator.url) },
		]);
		await this.main.importWorkflows([batchWorkflow(options.converse)]);
		await this.main.activate(WORKFLOW_ID);
		this.mainServer = await this.main.startServer({ AWS_SDK_UA_APP_ID: MAIN_APP_ID });
		for (let index = 0; index < options.workers; index++) {
			this.workerApps.push(await N8nApp.create(connections));
		}
		// One after another: two n8n processes starting at once on two cores slow each other down.
		for (const [index, app] of this.workerApps.entries()) {
			this.workers.push(
				await app.startWorker({
					concurrency: options.workerConcurrency,
					env: { AWS_SDK_UA_APP_ID: workerAppId(index) },
				}),
			);
		}
		await this.mainServer.waitForWebhook(WEBHOOK_PATH);
	}

	get server(): N8nServer {
		if (!this.mainServer) throw new Error('The main has not been started');
		return this.mainServer;
	}

	get app(): N8nApp {
		if (!this.main) throw new Error('The main has not been started');
		return this.main;
	}

	async callWebhook(body: unknown): Promise<WebhookResponse> {
		const response = await fetch(this.server.webhookUrl(WEBHOOK_PATH), {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
			// n8n answers once the execution has finished on a worker: minutes under a tight quota.
			signal: AbortSignal.timeout(15 * 60_000),
		});
		return { status: response.status, body: await response.text() };
	}

	/** Stops the workers, then the main, then the servers; removes every folder. */
	async dispose(): Promise<void> {
		await Promise.allSettled(this.workerApps.map(async (app) => await app.dispose()));
		await this.main?.dispose();
		await Promise.allSettled([this.emulator.close(), this.redis.stop(), this.postgres.stop()]);
	}
}

/**
 * Runs n8n workflows in-process with n8n-core's WorkflowExecute, as the n8n app does: used by the
 * workflow tests, `npm run demo` and `npm run bench`.
 */
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	IConnections,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeType,
	INodeTypes,
	IRun,
	IRunExecutionData,
	IVersionedNodeType,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	StructuredChunk,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { ICredentialsHelper, Workflow } from 'n8n-workflow';

// The explicit extension keeps Node's resolver from picking the codex file Bedrock.node.json.
import { Bedrock } from '../nodes/Bedrock/Bedrock.node.js';

export const BEDROCK_NODE_TYPE = 'n8n-nodes-bedrock.bedrock';

class TestNodeTypes implements INodeTypes {
	private readonly types: Record<string, INodeType>;

	constructor(bedrock: INodeType) {
		this.types = { [BEDROCK_NODE_TYPE]: bedrock };
	}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		return this.getByNameAndVersion(nodeType);
	}

	getByNameAndVersion(nodeType: string): INodeType {
		const type = this.types[nodeType];
		if (!type) throw new Error(`Unknown node type ${nodeType}`);
		return type;
	}

	getKnownTypes() {
		return {};
	}
}

class TestCredentialsHelper extends ICredentialsHelper {
	constructor(private readonly credentials: Record<string, ICredentialDataDecryptedObject>) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	async authenticate(
		_credentials: ICredentialDataDecryptedObject,
		_typeName: string,
		request: never,
	) {
		return request;
	}

	async preAuthentication() {
		return undefined;
	}

	async runPreAuthentication() {
		return undefined;
	}

	async getCredentials(): Promise<never> {
		throw new Error('Not available in tests');
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: unknown,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const data = this.credentials[type];
		if (!data) throw new Error(`No test credentials of type ${type}`);
		return data;
	}

	async updateCredentials() {}

	async updateCredentialsOauthTokenData() {}

	getCredentialsProperties() {
		return [];
	}

	isCredentialUsableByNode() {
		return true;
	}
}

export interface WorkflowRunOptions {
	nodes: INode[];
	connections?: IConnections;
	/** Items fed into the first node. */
	input: INodeExecutionData[];
	credentials: Record<string, ICredentialDataDecryptedObject>;
	/** Whether the workflow streams its response (a `sendChunk` handler and streaming enabled). */
	streaming?: boolean;
	mode?: WorkflowExecuteMode;
	/** The Amazon Bedrock node to run: by default its TypeScript source; the benchmarks pass the built one. */
	nodeType?: INodeType;
	/** Called with the running execution, e.g. to cancel it. */
	onStarted?: (cancel: () => void) => void;
}

export interface WorkflowRunResult {
	run: IRun;
	chunks: StructuredChunk[];
	/** The main output items of a node's first run. */
	output(nodeName: string): INodeExecutionData[];
	/** The error the execution stopped with, if any. */
	error?: { message: string; description?: string | null; [key: string]: unknown };
}

/** A Bedrock node for workflow tests, with its credential and parameters. */
export function bedrockNode(
	name: string,
	parameters: IDataObject,
	position: [number, number] = [0, 0],
): INode {
	return {
		id: name.toLowerCase().replace(/\W+/g, '-'),
		name,
		type: BEDROCK_NODE_TYPE,
		typeVersion: 1,
		position,
		parameters: parameters as INode['parameters'],
		credentials: { awsBedrockApi: { id: '1', name: 'AWS Bedrock (emulator)' } },
	};
}

/** Connects the nodes one after another, main output 0 to main input 0. */
export function chain(...names: string[]): IConnections {
	const connections: IConnections = {};
	for (let index = 0; index < names.length - 1; index++) {
		connections[names[index]] = {
			main: [[{ node: names[index + 1], type: 'main', index: 0 }]],
		};
	}
	return connections;
}

/**
 * Runs a workflow in-process with n8n-core's WorkflowExecute, as the n8n app does, starting at the
 * first node with `input` as its incoming items.
 */
export async function runWorkflow(options: WorkflowRunOptions): Promise<WorkflowRunResult> {
	const nodeTypes = new TestNodeTypes(options.nodeType ?? new Bedrock());
	const workflowData: IWorkflowBase = {
		id: 'test-workflow',
		name: 'test',
		active: false,
		isArchived: false,
		nodes: options.nodes,
		connections: options.connections ?? {},
		settings: { executionOrder: 'v1' },
		createdAt: new Date(),
		updatedAt: new Date(),
		activeVersionId: null,
	} as IWorkflowBase;
	const workflow = new Workflow({
		id: workflowData.id,
		name: workflowData.name,
		nodes: options.nodes,
		connections: workflowData.connections,
		active: false,
		nodeTypes,
		settings: workflowData.settings,
	});
	const mode = options.mode ?? 'manual';
	const hooks = new ExecutionLifecycleHooks(mode, 'test-execution', workflowData);
	const chunks: StructuredChunk[] = [];
	if (options.streaming) hooks.addHandler('sendChunk', (chunk) => void chunks.push(chunk));
	const finished = new Promise<IRun>((resolve) => {
		hooks.addHandler('workflowExecuteAfter', (run) => resolve(run));
	});

	const additionalData = {
		hooks,
		credentialsHelper: new TestCredentialsHelper(options.credentials),
		executionId: 'test-execution',
		restApiUrl: 'http://127.0.0.1/rest',
		instanceBaseUrl: 'http://127.0.0.1/',
		webhookBaseUrl: 'http://127.0.0.1/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
		formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
		variables: {},
		currentNodeParameters: undefined,
		executionTimeoutTimestamp: undefined,
		streamingEnabled: options.streaming === true,
		userId: 'test-user',
	} as unknown as IWorkflowExecuteAdditionalData;

	const startNode = options.nodes[0];
	const runExecutionData = {
		version: 1,
		startData: {},
		resultData: { runData: {} },
		executionData: {
			contextData: {},
			metadata: {},
			nodeExecutionStack: [{ node: startNode, data: { main: [options.input] }, source: null }],
			waitingExecution: {},
			waitingExecutionSource: {},
		},
	} as unknown as IRunExecutionData;

	const execution = new WorkflowExecute(additionalData, mode, runExecutionData);
	const running = execution.processRunExecutionData(workflow);
	options.onStarted?.(() => running.cancel());
	await running.catch(() => undefined);
	const run = await finished;
	const error = run.data.resultData.error as WorkflowRunResult['error'];
	return {
		run,
		chunks,
		error,
		output(nodeName: string) {
			const taskData = run.data.resultData.runData[nodeName]?.[0];
			if (!taskData) throw new Error(`Node ${nodeName} did not run`);
			if (taskData.error) throw new Error(`Node ${nodeName} failed: ${taskData.error.message}`);
			return taskData.data?.main?.[0] ?? [];
		},
	};
}

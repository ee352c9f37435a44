import { createHash } from 'node:crypto';

import type { ClientOptions } from '../../Bedrock/transport/clients';
import { BedrockClients } from '../../Bedrock/transport/clients';
import type { BedrockCredentials } from '../../Bedrock/transport/credentials';

interface SharedClients {
	clients: BedrockClients;
	closed: boolean;
}

/**
 * The Bedrock clients of each running execution. n8n asks a chat model sub-node for its model once
 * per item (and an agent once per turn), so the clients, and with them the HTTP/2 session, are kept
 * per execution and node instead: every call of one execution shares one connection. n8n runs the
 * close functions a sub-node returns once the node using it has finished; they destroy the clients.
 */
const byExecution = new Map<string, SharedClients>();

function credentialFingerprint(credentials: BedrockCredentials): string {
	// A hash, so that no secret becomes a map key.
	return createHash('sha256').update(JSON.stringify(credentials)).digest('hex');
}

export interface ExecutionClients {
	clients: BedrockClients;
	/** Destroys the clients (and closes the session) once; later calls do nothing. */
	close(): Promise<void>;
}

export function clientsForExecution(
	scope: string,
	credentials: BedrockCredentials,
	options: ClientOptions,
): ExecutionClients {
	const key = `${scope}\n${credentialFingerprint(credentials)}\n${JSON.stringify(options)}`;
	let shared = byExecution.get(key);
	if (!shared || shared.closed) {
		shared = { clients: new BedrockClients(credentials, options), closed: false };
		byExecution.set(key, shared);
	}
	const entry = shared;
	return {
		clients: entry.clients,
		close: async () => {
			if (entry.closed) return;
			entry.closed = true;
			if (byExecution.get(key) === entry) byExecution.delete(key);
			await entry.clients.destroy();
		},
	};
}

/** How many executions hold clients now (for tests: none once every execution has closed). */
export function openExecutionCount(): number {
	return byExecution.size;
}

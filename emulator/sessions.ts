/**
 * Conversations the emulator remembers: RetrieveAndGenerate sessions (Bedrock creates their IDs;
 * a follow-up searches with the session's earlier questions too) and agent sessions (the caller
 * names them; they count turns, keep session attributes and a pending return of control).
 */

export interface KnowledgeBaseSession {
	queries: string[];
}

export interface AgentSession {
	turns: number;
	/** The user's messages so far (a knowledge base answer searches with all of them). */
	inputs: string[];
	sessionAttributes: Record<string, string>;
	/** The invocation the agent waits for results of, after returning control. */
	pendingInvocationId?: string;
}

export class Sessions {
	readonly knowledgeBase = new Map<string, KnowledgeBaseSession>();
	readonly agent = new Map<string, AgentSession>();

	clear(): void {
		this.knowledgeBase.clear();
		this.agent.clear();
	}
}

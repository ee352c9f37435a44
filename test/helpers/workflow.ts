// The in-process n8n engine runner is shared with the demo and the benchmarks.
export * from '../../scripts/engine';

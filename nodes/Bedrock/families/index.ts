export * from './registry';
export type {
	FamilyId,
	FamilyRequestInput,
	KnobName,
	KnobSpec,
	ModelFamily,
	StreamParser,
} from './types';

// The debugging surface's types live in `../types.ts` with every public type; this name is
// kept for the debug tools that import it.
export type { CallRecord, DebugEvent, DebugTools, Diagnosis, DiagnosisReason, RelaySnapshot } from '../types';

import type { Deps } from '../../deps.ts';
import { controlsOfRisks } from '../controls/controls.service.ts';
import { acceptanceStates } from '../risk-acceptances/risk-acceptances.service.ts';
import type { RiskDeps } from './risks.service.ts';

/**
 * The platform services with the readers of the modules built on the register (see `RiskReaders`).
 * Composed here, above the risks service: those modules import it, so it cannot import them. Only the
 * routes and other top-level callers (the demo) import this file.
 */
export function withRiskReaders(deps: Deps): RiskDeps {
  return { ...deps, riskReaders: { acceptanceStates, controlsOfRisks } };
}

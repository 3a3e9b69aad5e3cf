/**
 * The lesson scenario as the JSON file holds it (shared/scenario-format.md), typed as far as
 * the widgets read it: topology, probes, and what scenarioSetup.ts turns into shell commands.
 */
import type { SetupScenario } from './scenarioSetup.ts';
import type { TopoScenario } from './topology.ts';
import type { ScenarioProbe } from './tracerForm.ts';

export interface ScenarioJson extends TopoScenario, SetupScenario {
  readonly name: string;
  readonly description?: string;
  readonly namespaces: TopoScenario['namespaces'] & SetupScenario['namespaces'];
  readonly links?: TopoScenario['links'] & SetupScenario['links'];
  readonly probes?: readonly ScenarioProbe[];
}

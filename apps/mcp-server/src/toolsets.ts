// Toolsets: what selection.ts decides from the catalog at start-up, and the tools themselves
// (all-tools.ts, loaded with the registry). Kept as one import for code that needs both.
export { allTools } from './all-tools';
export {
  DEFAULT_TOOLS,
  DEFAULT_TOOLSETS,
  HOSTKIT_TOOLSET,
  type Plan,
  planTools,
  type Selectable,
  type Selection,
  selectTools,
  TOOLSETS,
} from './selection';

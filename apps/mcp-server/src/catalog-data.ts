import type { Catalog } from './catalog';
import { computeCatalog } from './catalog-compute';

/**
 * Every tool's listing and what selection needs. Computed here when the sources run as they are (unit
 * tests, tsx); scripts/build.mjs replaces this module in the bundle with the catalog it computed at build
 * time, so the bundle's start-up builds no registry schema and converts none to JSON Schema.
 */
export const CATALOG: Catalog = computeCatalog();

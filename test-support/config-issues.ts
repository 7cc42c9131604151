import type { ConfigIssue } from "../src/config";
import { ConfigError, parseLabConfigs } from "../src/config";

/** The ConfigError that `run` throws; fails the test when it throws something else, or nothing. */
export function configErrorOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw new Error(`expected a ConfigError, got ${String(error)}`);
  }
  throw new Error("expected a ConfigError, but the configuration was accepted");
}

/**
 * The ConfigError of a configuration document (overrides of the default lab, environments
 * allowed); fails the test when the document is accepted.
 */
export function configErrorFor(overrides: unknown, source = "test.json"): ConfigError {
  return configErrorOf(() => parseLabConfigs(overrides, source));
}

/** The problems reported for a configuration document; fails the test when the document is accepted. */
export function configIssuesOf(overrides: unknown, source = "test.json"): readonly ConfigIssue[] {
  return configErrorFor(overrides, source).issues;
}

/** The problems reported for a document, or none when it is accepted (for tables of good and bad values). */
export function configIssuesIfAny(overrides: unknown, source = "test.json"): readonly ConfigIssue[] {
  try {
    parseLabConfigs(overrides, source);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
}

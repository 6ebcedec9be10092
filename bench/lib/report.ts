// What a benchmark module gives bench/run.ts: a table to print, targets checked, and data to keep in
// bench/results/<name>.json. Add a module by exporting `benchmark` and listing it in bench/run.ts.

export interface Check {
  name: string;
  target: string;
  actual: string;
  pass: boolean;
}

export interface Report {
  title: string;
  columns: string[];
  rows: Record<string, string | number>[];
  checks: Check[];
  notes: string[];
  /** Everything worth keeping, written as JSON beside the run's date and machine. */
  data: Record<string, unknown>;
}

export interface Benchmark {
  name: string;
  description: string;
  run(): Promise<Report>;
}

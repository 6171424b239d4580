import { join } from 'node:path';
import type { PerfTimings } from './types.js';
import { writeFileAtomic } from './write-file.js';

/**
 * `target/perf_info.json`: dbt's parse timings (seconds) plus chatsem's compile and graph phases and the peak
 * memory, so a slow parse can be diagnosed from the file alone.
 */
export function writePerfInfo(targetDir: string, timings: PerfTimings): string {
  const path = join(targetDir, 'perf_info.json');
  const info: Record<string, unknown> = {
    path_count: timings.path_count ?? 0,
    is_partial_parse_enabled: false,
    is_static_analysis_enabled: false,
    read_files_elapsed: timings.read_files_elapsed ?? null,
    load_macros_elapsed: timings.load_macros_elapsed ?? null,
    parse_project_elapsed: timings.parse_project_elapsed ?? null,
    patch_sources_elapsed: timings.patch_sources_elapsed ?? null,
    process_manifest_elapsed: timings.process_manifest_elapsed ?? null,
    load_all_elapsed: timings.load_all_elapsed ?? null,
    compile_elapsed: timings.compile_elapsed ?? null,
    graph_elapsed: timings.graph_elapsed ?? null,
    // maxRSS is in kilobytes.
    peak_rss_bytes: timings.peak_rss_bytes ?? process.resourceUsage().maxRSS * 1024,
    projects: [],
  };
  for (const [key, value] of Object.entries(timings)) if (!(key in info) && value !== undefined) info[key] = value;
  writeFileAtomic(path, JSON.stringify(info, null, 2));
  return path;
}

/**
 * What setup-tools needs of the runner's tool cache. The entry layer gives it
 * `@actions/tool-cache`, so installed tools land in RUNNER_TOOL_CACHE as `<tool>/<version>/<arch>`
 * and a later job on the same runner finds them instead of installing again.
 */
export interface ToolCache {
  /** The cached folder of `tool` matching `versionSpec` (`*`: the newest), or ''. */
  find(tool: string, versionSpec: string): string;
  /** Copies `source` into the cache (symbolic links kept) and returns the cached folder. */
  cacheDir(source: string, tool: string, version: string): Promise<string>;
  /** Downloads `url` to a temp file (retrying server errors); throws with the HTTP status. */
  downloadTool(url: string): Promise<string>;
  extractTar(file: string): Promise<string>;
  extractZip(file: string): Promise<string>;
}

/** Where the step prints and what it changes on the runner. */
export interface ToolHost {
  info(line: string): void;
  warning(message: string): void;
  group<T>(title: string, fn: () => Promise<T>): Promise<T>;
  /** Prepends a folder to PATH for this step and every later step of the job. */
  addPath(dir: string): void;
  /** The step's environment; its PATH is searched (and grows with addPath). */
  env: NodeJS.ProcessEnv;
  /** A private temp folder (RUNNER_TEMP) for downloads and staging. */
  tempDir: string;
  /** Node's os.arch(): x64 or arm64. */
  arch: string;
}

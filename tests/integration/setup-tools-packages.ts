/**
 * What setup-tools downloads, built here (PyPI and AWS are out of reach): stand-in `pipenv` and
 * `awscli` wheels served by a PEP 503 "simple" index, and the Session Manager plugin as a
 * .tar.gz and a .deb, each holding a `session-manager-plugin` that prints its version.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const PIPENV_VERSION = '99.1.0';
export const AWSCLI_VERSION = '98.2.0';
export const PLUGIN_VERSION = '1.2.650.0';

/** A pure-Python wheel whose package prints `output` when run with `python -m <module>`. */
function buildWheel(dir: string, name: string, version: string, output: string): string {
  const file = path.join(dir, `${name}-${version}-py3-none-any.whl`);
  const script = `
import base64, hashlib, sys, zipfile
name, version, output, file = sys.argv[1:5]
info = f"{name}-{version}.dist-info"
files = {
    f"{name}/__init__.py": "",
    f"{name}/__main__.py": f"import sys\\nprint({output!r}, file=sys.stdout)\\n",
    f"{info}/METADATA": f"Metadata-Version: 2.1\\nName: {name}\\nVersion: {version}\\n",
    f"{info}/WHEEL": "Wheel-Version: 1.0\\nGenerator: cat-actions-test\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n",
}
record = []
with zipfile.ZipFile(file, "w") as wheel:
    for path, text in files.items():
        data = text.encode()
        wheel.writestr(path, data)
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.append(f"{path},sha256={digest},{len(data)}")
    record.append(f"{info}/RECORD,,")
    wheel.writestr(f"{info}/RECORD", "\\n".join(record) + "\\n")
`;
  execFileSync('python3', ['-c', script, name, version, output, file]);
  return file;
}

function buildPluginPackages(dir: string): { tarball: string; deb: string } {
  const bin = path.join(dir, 'tar-root', 'sessionmanagerplugin', 'bin');
  mkdirSync(bin, { recursive: true });
  const plugin = `#!/bin/sh\necho ${PLUGIN_VERSION}\n`;
  writeFileSync(path.join(bin, 'session-manager-plugin'), plugin);
  chmodSync(path.join(bin, 'session-manager-plugin'), 0o755);
  const tarball = path.join(dir, 'session-manager-plugin.tar.gz');
  execFileSync('tar', ['-czf', tarball, '-C', path.join(dir, 'tar-root'), '.']);

  // The layout of AWS's .deb: usr/local/sessionmanagerplugin/bin/session-manager-plugin.
  const debRoot = path.join(dir, 'deb-root');
  const debBin = path.join(debRoot, 'usr', 'local', 'sessionmanagerplugin', 'bin');
  mkdirSync(debBin, { recursive: true });
  mkdirSync(path.join(debRoot, 'DEBIAN'));
  writeFileSync(
    path.join(debRoot, 'DEBIAN', 'control'),
    `Package: session-manager-plugin\nVersion: ${PLUGIN_VERSION}\nArchitecture: all\n` +
      'Maintainer: test <test@example.com>\nDescription: stand-in\n',
  );
  writeFileSync(path.join(debBin, 'session-manager-plugin'), plugin);
  chmodSync(path.join(debBin, 'session-manager-plugin'), 0o755);
  const deb = path.join(dir, 'session-manager-plugin.deb');
  execFileSync('dpkg-deb', ['--build', '--root-owner-group', debRoot, deb], { stdio: 'ignore' });
  return { tarball, deb };
}

export interface PackageServer {
  url: string;
  /** Paths requested so far. */
  requests: string[];
  close(): Promise<void>;
}

/** Serves /simple/<name>/ (PEP 503), /files/<wheel>, /plugin/<package>; anything else is 404. */
export async function startPackageServer(): Promise<PackageServer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cat-packages-'));
  const wheels = [
    buildWheel(dir, 'pipenv', PIPENV_VERSION, `pipenv, version ${PIPENV_VERSION}`),
    buildWheel(dir, 'awscli', AWSCLI_VERSION, `aws-cli/${AWSCLI_VERSION} Python/3 Linux`),
  ];
  const { tarball, deb } = buildPluginPackages(dir);
  const files = new Map<string, string>([
    ...wheels.map((w) => [`/files/${path.basename(w)}`, w] as [string, string]),
    ['/plugin/session-manager-plugin.tar.gz', tarball],
    ['/plugin/session-manager-plugin.deb', deb],
  ]);
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const url = req.url ?? '';
    requests.push(url);
    const simple = /^\/simple\/([a-z0-9-]+)\/?$/.exec(url);
    if (simple) {
      const wheel = wheels.find((w) => path.basename(w).startsWith(`${simple[1]}-`));
      if (!wheel) {
        res.writeHead(404).end('not found');
        return;
      }
      const sha = createHash('sha256').update(readFileSync(wheel)).digest('hex');
      const name = path.basename(wheel);
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(
        `<!DOCTYPE html><html><body><a href="/files/${name}#sha256=${sha}">${name}</a></body></html>`,
      );
      return;
    }
    const file = files.get(url);
    if (!file) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * A PATH as on a runner without pipenv, aws or the plugin: python3 (the real interpreter, not a
 * pyenv shim) and the archive tools setup-tools uses, nothing else.
 */
export function bareToolPath(): string {
  const bin = mkdtempSync(path.join(os.tmpdir(), 'cat-bare-bin-'));
  const python = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], {
    encoding: 'utf8',
  }).trim();
  writeFileSync(path.join(bin, 'python3'), `#!/bin/sh\nexec "${python}" "$@"\n`);
  chmodSync(path.join(bin, 'python3'), 0o755);
  for (const tool of ['tar', 'gzip', 'dpkg-deb', 'sh', 'bash']) {
    const found = execFileSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim();
    writeFileSync(path.join(bin, tool), `#!/bin/sh\nexec "${found}" "$@"\n`);
    chmodSync(path.join(bin, tool), 0o755);
  }
  return bin;
}

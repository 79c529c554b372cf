import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/**
 * Runs the CLI from source (`node --import tsx src/cli.ts …`) in a child process and resolves once
 * it logs its listening URL. Used by the crash test and the load bench. `pkgDir` is the package
 * folder (callers pass their own, as tests run as CommonJS and the bench as ESM).
 */
export function startCli(pkgDir: string, args: string[], nodeFlags: string[] = []): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', join(pkgDir, 'src', 'cli.ts'), ...args], {
    cwd: pkgDir,
    env: { ...process.env, TSX_TSCONFIG_PATH: join(pkgDir, 'test', 'tsx.tsconfig.json') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start within 30 s: ${err}`));
    }, 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]! });
      }
    });
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited early (${code}): ${err}`));
    });
  });
}

// Modules: `from stats import mean` reads stats.mpc beside the importing file, or else from the
// library in stdlib/. Each module is parsed and evaluated once, in its own scope.

import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { fail } from "../diagnostics/diagnostic.js";
import { sourceFile, type Span } from "../diagnostics/source.js";
import { parse } from "../syntax/parse.js";
import type { LowerContext } from "./context.js";
import { ModuleEvaluator } from "./evaluator.js";
import { Scope } from "./scope.js";

/** The library folder: stdlib/ at the package root, found from this file (in src or dist). */
export function stdlibDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, "package.json"))) return join(dir, "stdlib");
    dir = dirname(dir);
  }
  return join(dir, "stdlib");
}

export class ModuleLoader {
  private readonly loaded = new Map<string, Scope>();
  private readonly loading = new Set<string>();

  constructor(
    private readonly library: string,
    private readonly maxErrors: number,
  ) {}

  load(ctx: LowerContext, name: string, from: string, span: Span): Scope {
    const path = this.find(name, from, span);
    const cached = this.loaded.get(path);
    if (cached) return cached;
    if (this.loading.has(path)) fail("badCall", span, { detail: `module '${name}' imports itself (through ${[...this.loading].join(" → ")})` });
    this.loading.add(path);
    try {
      const source = sourceFile(path, readFileSync(path, "utf8"));
      ctx.sources.set(path, source);
      const parsed = parse(source);
      if (parsed.diagnostics.length > 0) {
        ctx.diagnostics.push(...parsed.diagnostics);
        fail("badCall", span, { detail: `module '${name}' has errors (${path})` });
      }
      const scope = new Scope(ctx.builtins);
      const errors = ctx.diagnostics.length;
      new ModuleEvaluator(ctx, scope, path, ctx.diagnostics, this.maxErrors).runModule(parsed.module.body, () => false);
      if (ctx.diagnostics.length > errors) fail("badCall", span, { detail: `module '${name}' has errors (${path})` });
      this.loaded.set(path, scope);
      return scope;
    } finally {
      this.loading.delete(path);
    }
  }

  private find(name: string, from: string, span: Span): string {
    if (!/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/.test(name)) fail("badCall", span, { detail: `'${name}' is not a module name` });
    const relative = `${name.split(".").join("/")}.mpc`;
    const candidates = [resolve(dirname(from), relative), resolve(this.library, relative)];
    const found = candidates.find((p) => existsSync(p));
    if (found === undefined) {
      return fail("badCall", span, { detail: `no module '${name}': looked for ${candidates.join(" and ")}` });
    }
    return found;
  }
}

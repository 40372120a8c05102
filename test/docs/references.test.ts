/**
 * Every internal link of README.md and docs/*.md leads somewhere: the file
 * exists and the #anchor is a heading of it (GitHub's slug rules); every
 * reference to a section of docs/model.md, on a page or in a code comment,
 * names a section model.md has.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';
import { anchors, codeBlocks, modelSections, pages } from './pages.js';

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(repoRoot, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : /\.(ts|md)$/.test(e.name) ? [path.join(dir, e.name)] : [],
  );
}

describe('internal links', () => {
  for (const page of pages()) {
    it(page.file, () => {
      const inBlocks = new Set(codeBlocks(page).flatMap((b) => b.lines));
      const broken: string[] = [];
      page.text.split('\n').forEach((line, i) => {
        if (inBlocks.has(line.slice(4)) && line.startsWith('    ')) return;
        for (const m of line.matchAll(/\]\(([^)\s]+)\)/g)) {
          const target = m[1];
          if (/^[a-z]+:/i.test(target)) continue;
          const [file, anchor] = target.split('#');
          const resolved = file === '' ? path.join(repoRoot, page.file) : path.resolve(path.dirname(path.join(repoRoot, page.file)), file);
          if (!fs.existsSync(resolved)) {
            broken.push(`${page.file}:${i + 1}: ${target}: no such file`);
            continue;
          }
          if (anchor !== undefined && !anchors(fs.readFileSync(resolved, 'utf8')).has(anchor)) {
            broken.push(`${page.file}:${i + 1}: ${target}: no heading with anchor #${anchor}`);
          }
        }
      });
      expect(broken).toEqual([]);
    });
  }
});

describe('section references to docs/model.md', () => {
  const sections = modelSections();

  it('model.md numbers its sections without gaps', () => {
    const byParent = new Map<string, number[]>();
    for (const s of sections) {
      const parts = s.split('.');
      const parent = parts.slice(0, -1).join('.');
      byParent.set(parent, [...(byParent.get(parent) ?? []), Number(parts.at(-1))]);
    }
    for (const [parent, nums] of byParent) {
      nums.sort((a, b) => a - b);
      expect(nums, `subsections of ${parent || 'the page'}`).toEqual(nums.map((_, k) => k + 1));
    }
  });

  it('every page and code comment cites a section that exists', () => {
    const files = ['README.md', ...sourceFiles('docs'), ...sourceFiles('src'), ...sourceFiles('test')].filter((f) => !f.startsWith('test/docs/'));
    const missing: string[] = [];
    for (const file of files) {
      const text = fs.readFileSync(path.join(repoRoot, file), 'utf8');
      const refs: Array<[string, number]> = [];
      // "model.md 7.4", "model.md, section 2", "model.md section 6", "model.md §7.1"
      for (const m of text.matchAll(/model\.md,?\s+(?:section\s+|§\s*)?(\d+(?:\.\d+)*)/g)) refs.push([m[1], m.index]);
      // Inside model.md, "section 5" and "§5" refer to itself, unless they cite the paper.
      if (file === 'docs/model.md') {
        for (const m of text.matchAll(/(paper,\s+)?(?:section\s+|§\s*)(\d+(?:\.\d+)*)/g)) if (m[1] === undefined) refs.push([m[2], m.index]);
      }
      for (const [ref, index] of refs) {
        if (!sections.has(ref)) missing.push(`${file}:${text.slice(0, index).split('\n').length}: model.md section ${ref}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
